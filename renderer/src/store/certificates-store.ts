import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { CertificateView } from '../../../shared/api/views.ts';
import { api, toErrorBody } from '../api/index.ts';

/** A cache of the certificates, refreshed by listCertificates and the certificates.changed event. */
interface CertificatesState {
  certificates: CertificateView[] | null;
  loading: boolean;
  error: ApiErrorBody | null;
  refresh(): Promise<void>;
  replaceAll(certificates: CertificateView[]): void;
  upsert(certificate: CertificateView): void;
}

export const useCertificates = create<CertificatesState>((set) => ({
  certificates: null,
  loading: false,
  error: null,
  async refresh() {
    set({ loading: true, error: null });
    try {
      set({ certificates: await api.listCertificates({}), loading: false });
    } catch (e) {
      set({ error: toErrorBody(e), loading: false });
    }
  },
  replaceAll(certificates) {
    set({ certificates, error: null });
  },
  upsert(certificate) {
    set((s) => {
      const list = s.certificates ?? [];
      const i = list.findIndex((c) => c.id === certificate.id);
      return { certificates: i < 0 ? [...list, certificate] : list.map((c, j) => (j === i ? certificate : c)) };
    });
  },
}));
