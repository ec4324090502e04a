import { InputError } from '../user-error.ts';

/** Asks the owner, in a native dialog of the desktop app, to confirm a deploy command; true when they did. */
export type ConfirmDeployCommand = (request: { certificate: string; command: string }) => Promise<boolean>;

export const WEB_HOST_REFUSAL =
  'Deploy commands cannot be set from the browser: they run with your rights, so only you can set them, ' +
  'in the desktop app (it asks you to confirm) or with `persistcert configure <id> --deploy-command "<command>"`';

/**
 * A deploy command runs a shell command with the user's rights after every renewal, so setting
 * or changing one is the owner's decision alone: the web host (anyone with its token, or a page
 * that got hold of it) never may, and the desktop app asks in a native dialog the renderer
 * cannot answer for the user. Clearing a command or keeping it unchanged needs no confirmation.
 */
export async function guardDeployCommand(o: {
  host: 'electron' | 'web';
  certificate: string;
  current: string | undefined;
  next: string | undefined;
  confirm: ConfirmDeployCommand | undefined;
}): Promise<void> {
  // Only the ends may differ (the UI trims what it sends); anything else is a new command.
  if (o.next === undefined || o.next.trim() === o.current?.trim()) return;
  if (o.host === 'web') throw new InputError(WEB_HOST_REFUSAL);
  if (!o.confirm)
    throw new InputError('This app cannot ask you to confirm a deploy command; set it with `persistcert configure --deploy-command`');
  if (!(await o.confirm({ certificate: o.certificate, command: o.next }))) {
    throw new InputError('Not saved: the deploy command was not confirmed. Nothing changed; save again to be asked once more.');
  }
}
