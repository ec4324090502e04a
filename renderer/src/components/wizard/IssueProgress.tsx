import { StatusIcon, type IconKind } from '../common/StatusIcon.tsx';
import { STATE_WORDS, type ItemState, type ProgressItem } from './issue-progress.ts';

const ICON: Record<ItemState, IconKind> = { pending: 'pending', active: 'active', done: 'ok', failed: 'error' };

/** The issue steps as an ordered list, each with an icon and its state in words. */
export function IssueProgress({ items }: { items: ProgressItem[] }) {
  return (
    <ol className="progress" aria-label="Issue progress">
      {items.map((item) => (
        <li key={item.key} className={`progress-item is-${item.state}`}>
          <StatusIcon kind={ICON[item.state]} />
          <span className="progress-label">{item.label}</span>
          <span className="progress-state">
            {STATE_WORDS[item.state]}
            {item.note && item.state !== 'done' ? ` (${item.note})` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
