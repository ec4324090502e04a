import type { IssueStepView } from '../../../../shared/api/views.ts';
import type { IssueJob } from '../../store/issue-store.ts';

export type ItemState = 'pending' | 'active' | 'done' | 'failed';

export interface ProgressItem {
  key: string;
  label: string;
  state: ItemState;
  /** Extra words from the latest event (e.g. an authorization's status). */
  note?: string;
}

const TERMINAL_BAD = new Set(['invalid', 'deactivated', 'expired', 'revoked']);

/**
 * The issue steps as an ordered list (precheck, order created, one authorization per name,
 * finalizing, downloading), each marked from the events received so far.
 */
export function progressItems(
  names: string[],
  job: IssueJob | undefined,
  running: boolean,
  label: (name: string) => string = (n) => n,
): ProgressItem[] {
  const items: ProgressItem[] = [
    { key: 'precheck', label: 'Check the DNS records once more', state: 'pending' },
    { key: 'order-created', label: 'Create the order at the CA', state: 'pending' },
    ...names.map((n): ProgressItem => ({ key: `authorization:${n}`, label: `CA validates ${label(n)}`, state: 'pending' })),
    { key: 'finalizing', label: 'Send the certificate request', state: 'pending' },
    { key: 'downloading', label: 'Download the certificate', state: 'pending' },
  ];
  const at = (key: string): ProgressItem | undefined => items.find((i) => i.key === key);
  const used = new Set<string>();
  const authzItem = (name: string): ProgressItem | undefined => {
    const exact = at(`authorization:${name}`);
    if (exact) return exact;
    // A wildcard's authorization names the base domain.
    return (
      items.find((i) => i.key === `authorization:*.${name}`) ?? items.find((i) => i.key.startsWith('authorization:') && !used.has(i.key))
    );
  };
  const prechecked = new Set<string>();
  let furthest = -1;
  const mark = (item: ProgressItem | undefined, state: ItemState, note?: string): void => {
    if (!item) return;
    item.state = state;
    if (note !== undefined) item.note = note;
    furthest = Math.max(furthest, items.indexOf(item));
  };
  for (const ev of job?.steps ?? ([] as IssueStepView[])) {
    switch (ev.step) {
      case 'precheck': {
        const item = at('precheck');
        if (!ev.ready) mark(item, 'failed', `${ev.name} is not visible everywhere yet`);
        else {
          prechecked.add(ev.name);
          if (item?.state !== 'failed') mark(item, prechecked.size >= names.length ? 'done' : 'active');
        }
        break;
      }
      case 'order-created':
        mark(at('order-created'), 'done');
        break;
      case 'authorization': {
        const item = authzItem(ev.name);
        if (item) used.add(item.key);
        mark(item, ev.status === 'valid' ? 'done' : TERMINAL_BAD.has(ev.status) ? 'failed' : 'active', ev.status);
        break;
      }
      case 'finalizing':
        mark(at('finalizing'), 'active');
        break;
      case 'downloading':
        mark(at('finalizing'), 'done');
        mark(at('downloading'), 'active');
        break;
      case 'replaces-dropped':
        break;
    }
  }
  // Everything before the furthest step reached is done.
  items.forEach((item, i) => {
    if (i < furthest && (item.state === 'pending' || item.state === 'active')) item.state = 'done';
  });
  if (job?.finished && job.certificate) {
    for (const item of items) item.state = 'done';
  } else if (job?.finished && job.error) {
    const where =
      items.find((i) => i.state === 'failed') ?? items.find((i) => i.state === 'active') ?? items.find((i) => i.state === 'pending');
    if (where) where.state = 'failed';
    for (const item of items) if (item.state === 'active') item.state = 'pending';
  } else if (running && !items.some((i) => i.state === 'active' || i.state === 'failed')) {
    const first = items.find((i) => i.state === 'pending');
    if (first) first.state = 'active';
  }
  return items;
}

export const STATE_WORDS: Record<ItemState, string> = { pending: 'waiting', active: 'in progress', done: 'done', failed: 'failed' };
