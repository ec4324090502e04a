import { useDraft } from '../../store/wizard-draft.ts';
import { useNav } from '../../store/nav-store.ts';
import { STEPS, stepIndex, useWizard } from '../../store/wizard-store.ts';
import { validNames } from '../wizard/names.ts';

/**
 * A new certificate left half-way (an account made, perhaps a record published) is not lost:
 * every page but the wizard says so and offers to go back to it.
 */
export function DraftNotice() {
  const loaded = useDraft((s) => s.loaded);
  const page = useNav((s) => s.page);
  const step = useWizard((s) => s.step);
  const namesText = useWizard((s) => s.namesText);
  const issued = useWizard((s) => s.certificate !== null);
  if (!loaded || page === 'new' || issued || stepIndex(step) < stepIndex('names')) return null;
  const names = validNames(namesText);
  const what = names?.length ? names.join(', ') : 'a new certificate';
  const waiting = step === 'record' || step === 'check';
  return (
    <section className="notice notice-info banner" aria-label="Unfinished certificate">
      <p>
        {waiting ? (
          <>
            <strong>Waiting for DNS</strong> for {what}.
          </>
        ) : (
          <>
            <strong>Unfinished:</strong> {what}, at step {stepIndex(step) + 1} of {STEPS.length} ({STEPS[stepIndex(step)]?.label}).
          </>
        )}
      </p>
      <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('new')}>
        Resume
      </button>
    </section>
  );
}
