import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` (debounced) when another process writes to the store: the CLI issuing a
 * certificate while the daemon or the tray app runs. Event-driven, not polled. Commits
 * go to store.db-wal and checkpoints to store.db, so the directory is watched, not one file.
 */
export function watchStoreFile(dataDir: string, onChange: () => void, debounceMs = 250): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dataDir, { persistent: false }, (_event, file) => {
      if (file !== null && file !== 'store.db' && file !== 'store.db-wal') return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // No watcher (e.g. inotify limits): changes are picked up at the next deadline instead.
    watcher = undefined;
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
