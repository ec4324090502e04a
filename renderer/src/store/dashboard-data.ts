import { useAccounts } from './accounts-store.ts';
import { useCertificates } from './certificates-store.ts';
import { useRenewal } from './renewal-store.ts';

/** The boot prefetch loaded the dashboard's data for its first visit, which need not load it again. */
let prefetched = false;

/**
 * At boot, when the dashboard is the first page: its data is asked for before the page mounts.
 * Events keep it fresh from then on, so the first visit uses it as it is.
 */
export function prefetchDashboard(): void {
  prefetched = true;
  void useCertificates.getState().refresh();
  void useRenewal.getState().refresh();
}

/**
 * The dashboard's arrival: fresh data, unless a load is under way or the boot prefetch loaded it
 * for this visit (with thousands of certificates a second load of each list doubled the work
 * of the first render).
 */
export function refreshOnArrival(): void {
  if (prefetched) prefetched = false;
  else {
    if (!useCertificates.getState().loading) void useCertificates.getState().refresh();
    if (!useRenewal.getState().loading) void useRenewal.getState().refresh();
  }
  if (!useAccounts.getState().accounts) void useAccounts.getState().refresh();
}
