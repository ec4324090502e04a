import { create } from 'zustand';

export type Theme = 'light' | 'dark';
const KEY = 'persistcert.theme';

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

const media = matchMedia('(prefers-color-scheme: dark)');
const system = (): Theme => (media.matches ? 'dark' : 'light');

interface ThemeState {
  theme: Theme;
  /** True once the user chose; until then the system setting wins, live. */
  chosen: boolean;
  toggle(): void;
}

function apply(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}

export const useTheme = create<ThemeState>((set, get) => ({
  theme: stored() ?? system(),
  chosen: stored() !== null,
  toggle() {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // Storage may be off; the choice still holds for this page.
    }
    apply(theme);
    set({ theme, chosen: true });
  },
}));

apply(useTheme.getState().theme);
media.addEventListener('change', () => {
  if (useTheme.getState().chosen) return;
  apply(system());
  useTheme.setState({ theme: system() });
});
