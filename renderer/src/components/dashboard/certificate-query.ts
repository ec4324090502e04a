/** Rows per page of the site table: enough to scan, few enough to render at once with 10,000 stored. */
export const PAGE_SIZE = 50;

/** Sites (or certificates) with a name containing what the user typed (case-insensitive); all when empty. */
export function filterByName<T extends { names: readonly string[] }>(items: readonly T[], query: string): readonly T[] {
  const q = query.trim().toLowerCase();
  if (!q) return items;
  return items.filter((c) => c.names.some((n) => n.includes(q)));
}

export interface Page<T> {
  items: readonly T[];
  /** Zero-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** One-based positions of the first and last item shown (0 and 0 when there are none). */
  first: number;
  last: number;
}

export function pageOf<T>(items: readonly T[], page: number, size = PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  const slice = items.slice(p * size, (p + 1) * size);
  return { items: slice, page: p, pages, first: slice.length ? p * size + 1 : 0, last: p * size + slice.length };
}
