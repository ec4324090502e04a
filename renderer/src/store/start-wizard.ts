import { useNav } from './nav-store.ts';
import { useWizard } from './wizard-store.ts';

/**
 * Opens the wizard for a new certificate. A wizard that already issued its certificate is done,
 * so it starts over rather than show that one again; `names` fills in the Names step.
 */
export function startWizard(names?: readonly string[]): void {
  const wizard = useWizard.getState();
  if (names || wizard.certificate || wizard.jobId) wizard.reset();
  if (names) useWizard.getState().update({ namesText: names.join('\n') });
  useNav.getState().go('new');
}
