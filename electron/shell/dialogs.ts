import type { BaseWindow, Dialog, FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';

/**
 * Native file dialogs for exports. They run in main, and what they return is the user's own
 * choice in an OS dialog. `parent` makes them modal to our window when there is one.
 */
export interface Dialogs {
  /** A folder for the PEM files, or null when the user cancelled. */
  chooseExportFolder(options?: { defaultPath?: string; title?: string }): Promise<string | null>;
  /** A file to save (a PFX), or null when the user cancelled. */
  chooseSavePath(options?: { defaultPath?: string; title?: string; filters?: FileFilter[] }): Promise<string | null>;
}

export function createDialogs(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, parent: () => BaseWindow | undefined): Dialogs {
  return {
    async chooseExportFolder(options = {}) {
      const opts: OpenDialogOptions = {
        title: options.title ?? 'Choose a folder for the certificate files',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
        ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
      };
      const win = parent();
      const result = await (win ? dialog.showOpenDialog(win, opts) : dialog.showOpenDialog(opts));
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSavePath(options = {}) {
      const opts: SaveDialogOptions = {
        title: options.title ?? 'Save the certificate as',
        properties: ['createDirectory', 'showOverwriteConfirmation'],
        ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
        ...(options.filters ? { filters: options.filters } : {}),
      };
      const win = parent();
      const result = await (win ? dialog.showSaveDialog(win, opts) : dialog.showSaveDialog(opts));
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
