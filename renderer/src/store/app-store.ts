import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { AppInfo } from '../../../shared/api/views.ts';
import type { CaPreset } from '../../../shared/ca-presets.ts';
import { api, toErrorBody } from '../api/index.ts';

/** App facts and CA presets: loaded once, never changed by the UI. */
interface AppState {
  info: AppInfo | null;
  presets: CaPreset[] | null;
  error: ApiErrorBody | null;
  loading: boolean;
  load(): Promise<void>;
}

export const useApp = create<AppState>((set, get) => ({
  info: null,
  presets: null,
  error: null,
  loading: false,
  async load() {
    if (get().loading) return;
    set({ loading: true, error: null });
    try {
      const [info, presets] = await Promise.all([api.appInfo({}), api.caPresets({})]);
      set({ info, presets, loading: false });
    } catch (e) {
      set({ error: toErrorBody(e), loading: false });
    }
  },
}));
