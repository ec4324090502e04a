import { useAnnounce } from '../../store/announce-store.ts';

/** The app-wide polite live region; re-keyed so the same message is announced again. */
export function Announcer() {
  const message = useAnnounce((s) => s.message);
  const seq = useAnnounce((s) => s.seq);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
      <span key={seq}>{message}</span>
    </div>
  );
}
