import type { CertificateView } from './api/views.ts';

/**
 * A site: one set of names and every certificate issued for it. A replaced certificate folds into
 * its site's history ("Earlier certificates") instead of being a row or a timeline bar of its own.
 */
export interface Site {
  key: string;
  names: string[];
  /** The certificates shown as rows: every one not replaced, newest first. */
  current: CertificateView[];
  /** Replaced certificates, newest first. */
  earlier: CertificateView[];
}

/** Order and case do not matter: "www.a, a" is the same site as "a, www.a". */
export function siteKey(names: readonly string[]): string {
  if (names.length === 1) return names[0]!.toLowerCase();
  return [...new Set(names.map((n) => n.toLowerCase()))].sort().join(',');
}

/** Orders ISO 8601 timestamps (all UTC, one format) by code units: localeCompare's order, without collation. */
export function byIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Valid and not expired: what a server can use, and what renews. */
export function isLive(c: Pick<CertificateView, 'status' | 'notAfter'>, now: number): boolean {
  return c.status === 'valid' && Date.parse(c.notAfter) > now;
}

export function groupSites(certificates: readonly CertificateView[]): Site[] {
  const byKey = new Map<string, Site>();
  for (const c of [...certificates].sort((a, b) => byIso(b.issuedAt, a.issuedAt))) {
    const key = siteKey(c.names);
    let site = byKey.get(key);
    if (!site) byKey.set(key, (site = { key, names: c.names, current: [], earlier: [] }));
    (c.status === 'replaced' ? site.earlier : site.current).push(c);
  }
  return [...byKey.values()];
}

/** The live certificates for exactly these names: issuing again would duplicate them. */
export function liveFor<C extends Pick<CertificateView, 'names' | 'status' | 'notAfter'>>(
  names: readonly string[],
  certificates: readonly C[],
  now: number,
): C[] {
  const key = siteKey(names);
  return certificates.filter((c) => siteKey(c.names) === key && isLive(c, now));
}

/** A site as the dashboard lists it: one row, whatever how many certificates it holds. */
export interface SiteRow {
  key: string;
  names: string[];
  /** The certificate the row shows: the newest valid one, else the newest of the rest. */
  shown: CertificateView;
  /**
   * Other valid certificates for the same names (a second one issued anyway, from the CLI or
   * another window): each still renews and can be revoked or exported, so none may be hidden.
   */
  alsoValid: CertificateView[];
  /** Replaced, revoked and expired certificates other than `shown`, newest first: the site's history. */
  history: CertificateView[];
}

export function siteRow(site: Site, now: number): SiteRow {
  // Most sites hold one certificate: it is the row, with nothing beside it or before it. With
  // thousands of sites the general case's filters and sorts were most of the dashboard's grouping.
  if (site.current.length + site.earlier.length === 1) {
    return { key: site.key, names: site.names, shown: (site.current[0] ?? site.earlier[0])!, alsoValid: [], history: [] };
  }
  const live = site.current.filter((c) => isLive(c, now));
  const shown = live[0] ?? site.current[0] ?? site.earlier[0];
  if (!shown) throw new Error(`site ${site.key} has no certificate`);
  const ended = site.current.filter((c) => c !== shown && !isLive(c, now));
  return {
    key: site.key,
    names: site.names,
    shown,
    alsoValid: live.filter((c) => c !== shown),
    history: [...ended, ...site.earlier.filter((c) => c !== shown)].sort((a, b) => byIso(b.issuedAt, a.issuedAt)),
  };
}

/** Every site as a row, soonest expiry of the shown certificate first. */
export function siteRows(certificates: readonly CertificateView[], now: number): SiteRow[] {
  return groupSites(certificates)
    .map((s) => siteRow(s, now))
    .sort((a, b) => byIso(a.shown.notAfter, b.shown.notAfter));
}
