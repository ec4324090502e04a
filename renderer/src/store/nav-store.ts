import { create } from 'zustand';

export const PAGES = [
  { id: 'new', label: 'New certificate' },
  { id: 'certificates', label: 'Certificates' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'settings', label: 'Settings' },
] as const;

/** The menu's pages, and one site's page (reached from Certificates, not the menu). */
export type PageId = (typeof PAGES)[number]['id'] | 'site';

interface Route {
  page: PageId;
  /** The site shown on the site page (its key, shared/sites.ts). */
  site: string | null;
}

function routeFromHash(): Route | null {
  const path = location.hash.replace(/^#\/?/, '');
  const site = /^site\/(.+)$/.exec(path);
  if (site) {
    try {
      return { page: 'site', site: decodeURIComponent(site[1]!) };
    } catch {
      return null;
    }
  }
  return PAGES.some((p) => p.id === path) ? { page: path as PageId, site: null } : null;
}

const hashOf = (r: Route): string => (r.page === 'site' && r.site ? `#/site/${encodeURIComponent(r.site)}` : `#/${r.page}`);

interface NavState extends Route {
  /** Bumped on user navigation so the new page's h1 takes focus (not on first load). */
  moves: number;
  go(page: Exclude<PageId, 'site'>): void;
  openSite(key: string): void;
}

export const useNav = create<NavState>((set) => {
  const to = (r: Route): void => {
    if (location.hash !== hashOf(r)) history.pushState(history.state, '', hashOf(r));
    set((s) => ({ ...r, moves: s.moves + 1 }));
  };
  return {
    ...(routeFromHash() ?? { page: 'certificates', site: null }),
    moves: 0,
    go: (page) => to({ page, site: null }),
    openSite: (key) => to({ page: 'site', site: key }),
  };
});

function follow(): void {
  const r = routeFromHash();
  const now = useNav.getState();
  if (r && (r.page !== now.page || r.site !== now.site)) useNav.setState((s) => ({ ...r, moves: s.moves + 1 }));
}
addEventListener('hashchange', follow);
addEventListener('popstate', follow);

/** The address of a site's page, for links. */
export const siteHref = (key: string): string => hashOf({ page: 'site', site: key });
