import { StatusIcon } from './StatusIcon.tsx';

/** A loading state: a spinner and words, announced politely. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="loading" role="status">
      <StatusIcon kind="active" />
      <span>{label}</span>
    </div>
  );
}
