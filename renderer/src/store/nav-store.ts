import { create } from 'zustand';

export const PAGES = [
  { id: 'new', label: 'New certificate' },
  { id: 'certificates', label: 'Certificates' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

function pageFromHash(): PageId | null {
  const id = location.hash.replace(/^#\/?/, '');
  return PAGES.some((p) => p.id === id) ? (id as PageId) : null;
}

interface NavState {
  page: PageId;
  /** Bumped on user navigation so the new page's h1 takes focus (not on first load). */
  moves: number;
  go(page: PageId): void;
}

export const useNav = create<NavState>((set) => ({
  page: pageFromHash() ?? 'certificates',
  moves: 0,
  go(page) {
    if (location.hash !== `#/${page}`) history.pushState(history.state, '', `#/${page}`);
    set((s) => ({ page, moves: s.moves + 1 }));
  },
}));

addEventListener('hashchange', () => {
  const page = pageFromHash();
  if (page && page !== useNav.getState().page) useNav.setState((s) => ({ page, moves: s.moves + 1 }));
});
addEventListener('popstate', () => {
  const page = pageFromHash();
  if (page && page !== useNav.getState().page) useNav.setState((s) => ({ page, moves: s.moves + 1 }));
});
