import type { BrowserWindow } from 'electron';

/** The parts of a BrowserWindow the registry reads. */
export type RegisteredWindow = Pick<BrowserWindow, 'id' | 'once' | 'isDestroyed' | 'webContents'>;

/**
 * The windows this app created. IPC is accepted only from these (Electron security checklist
 * 17, as Fiddle's `IpcMainManager` does) and events are sent only to these.
 */
export class WindowRegistry<W extends RegisteredWindow = RegisteredWindow> {
  readonly #windows = new Map<number, W>();

  /** Ids of the live windows we own; the set is live, so the IPC check always sees today's. */
  readonly ids: ReadonlySet<number> = new Set<number>();

  add(win: W): W {
    // The id is read now: after 'closed' the window object must not be touched.
    const id = win.id;
    this.#windows.set(id, win);
    (this.ids as Set<number>).add(id);
    win.once('closed', () => {
      this.#windows.delete(id);
      (this.ids as Set<number>).delete(id);
    });
    return win;
  }

  /** The windows still open. */
  windows(): W[] {
    return [...this.#windows.values()].filter((w) => !w.isDestroyed());
  }
}
