import { EventEmitter } from 'node:events';
import type { HardenableContents } from '../../../electron/shell/navigation.ts';

// Electron's own types, reached through the shell's signatures: the layering lint keeps
// 'electron' itself out of test/.
type WindowOpenHandler = Parameters<HardenableContents['setWindowOpenHandler']>[0];
type HandlerDetails = Parameters<WindowOpenHandler>[0];

/** An Electron-style event: `preventDefault` records that it was called. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(fields: T = {} as T): T & FakeEvent {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** A WebContents stand-in: an EventEmitter with the methods the shell calls, recording them. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly sent: unknown[][] = [];
  destroyed = false;
  sendThrows = false;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    if (this.sendThrows) throw new Error('Object has been destroyed');
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** What `window.open(url)` hands the window-open handler. */
export function openDetails(url: string): HandlerDetails {
  return {
    url,
    frameName: '',
    features: '',
    disposition: 'new-window',
    referrer: { url: '', policy: 'default' },
    postBody: undefined,
  } as unknown as HandlerDetails;
}

/** A BrowserWindow stand-in, recording calls. */
export class FakeWindow extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWindow.nextId++;
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  loaded: string[] = [];
  minimized = false;
  destroyed = false;
  loadError: Error | undefined;

  constructor(readonly options: unknown = undefined) {
    super();
  }
  show(): void {
    this.calls.push('show');
  }
  hide(): void {
    this.calls.push('hide');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    if (this.loadError) throw this.loadError;
  }
}

/** Lets promise callbacks queued so far run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
