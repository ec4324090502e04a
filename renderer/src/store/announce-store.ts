import { create } from 'zustand';

/** The text of the app-wide polite live region ("Copied", "Saved", …). */
interface AnnounceState {
  message: string;
  seq: number;
  announce(message: string): void;
}

export const useAnnounce = create<AnnounceState>((set) => ({
  message: '',
  seq: 0,
  announce: (message) => set((s) => ({ message, seq: s.seq + 1 })),
}));

export const announce = (message: string): void => useAnnounce.getState().announce(message);
