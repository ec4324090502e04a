import type { BaseWindow, Dialog, FileFilter, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';

/**
 * Native file dialogs for exports. They run in main, and what they return is the user's own
 * choice in an OS dialog. `parent` makes them modal to our window when there is one.
 */
export interface Dialogs {
  /** A folder for the PEM files, or null when the user cancelled. */
  chooseExportFolder(options?: { defaultPath?: string; title?: string }): Promise<string | null>;
  /** A file to save (a PFX), or null when the user cancelled. */
  chooseSavePath(options?: { defaultPath?: string; title?: string; filters?: FileFilter[] }): Promise<string | null>;
  /** Shows the exact deploy command and asks the owner to allow it; true only on "Allow". */
  confirmDeployCommand(request: { certificate: string; command: string }): Promise<boolean>;
}

const ALLOW = 0;
const CANCEL = 1;

export function createDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>,
  parent: () => BaseWindow | undefined,
): Dialogs {
  return {
    async confirmDeployCommand({ certificate, command }) {
      // Cancel is the default and the Escape answer: an accidental Enter does not allow a command.
      const opts: MessageBoxOptions = {
        type: 'warning',
        title: 'Allow this deploy command?',
        message: `After each renewal of ${certificate}, PersistCert will run this command with your rights:`,
        detail: `${command}\n\nAllow it only if you typed it yourself.`,
        buttons: ['Allow', 'Cancel'],
        defaultId: CANCEL,
        cancelId: CANCEL,
        noLink: true,
      };
      const win = parent();
      const result = await (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
      return result.response === ALLOW;
    },
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
