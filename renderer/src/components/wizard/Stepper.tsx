import { STEPS, stepIndex, useWizard } from '../../store/wizard-store.ts';

/** The visible stepper: done steps are buttons back to them; the current one is marked. */
export function Stepper() {
  const step = useWizard((s) => s.step);
  const reached = useWizard((s) => s.reached);
  const goTo = useWizard((s) => s.goTo);
  const current = stepIndex(step);
  return (
    <nav aria-label="Wizard steps" className="stepper-nav">
      <ol className="stepper">
        {STEPS.map((s, i) => {
          const state = i === current ? 'current' : i < current || i <= reached ? 'done' : 'todo';
          const words = state === 'current' ? 'current step' : state === 'done' ? (i < current ? 'done' : 'visited') : 'not yet';
          const body = (
            <>
              <span className="stepper-num" aria-hidden="true">
                {state === 'done' && i < current ? '✓' : i + 1}
              </span>
              <span className="stepper-label">{s.label}</span>
              <span className="sr-only">
                {' '}
                (step {i + 1} of {STEPS.length}, {words})
              </span>
            </>
          );
          return (
            <li key={s.id} className={`stepper-item is-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {state === 'done' ? (
                <button type="button" className="stepper-btn" onClick={() => goTo(s.id)}>
                  {body}
                </button>
              ) : (
                <span className="stepper-btn">{body}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
