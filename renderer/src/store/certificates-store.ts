import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { CertificateView } from '../../../shared/api/views.ts';
import { api } from '../api/index.ts';
import { serverValue, upsertById } from './server-value.ts';

/** A cache of the certificates, refreshed by listCertificates and the certificates.changed event. */
interface CertificatesState {
  certificates: CertificateView[] | null;
  loading: boolean;
  error: ApiErrorBody | null;
  refresh(): Promise<void>;
  replaceAll(certificates: CertificateView[]): void;
  upsert(certificate: CertificateView): void;
}

export const useCertificates = create<CertificatesState>((set, get) => {
  const cache = serverValue(
    () => api.listCertificates({}),
    ({ value, ...state }) => set({ ...state, ...(value ? { certificates: value } : {}) }),
  );
  return {
    certificates: null,
    loading: false,
    error: null,
    refresh: cache.refresh,
    replaceAll: cache.replace,
    upsert: (certificate) => cache.replace(upsertById(get().certificates, certificate)),
  };
});
