import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

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

/**
 * The store's files as they are now (inode, size, modification time of store.db and its WAL),
 * for a process that watches the store without opening it (the daemon): an unchanged signature
 * means nobody wrote since it was taken.
 */
export function storeFilesSignature(dataDir: string): string {
  return ['store.db', 'store.db-wal']
    .map((name) => {
      const st = statSync(path.join(dataDir, name), { throwIfNoEntry: false, bigint: true });
      return st ? `${st.ino}:${st.size}:${st.mtimeNs}` : '-';
    })
    .join(' ');
}
