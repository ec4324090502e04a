import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import type { StepId } from '../../store/wizard-store.ts';
import { useWizard } from '../../store/wizard-store.ts';

/** True when the step just changed by the user's hand: the new step's heading takes focus. */
export const StepFocusContext = createContext(false);

interface Props {
  id: StepId;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  /** Next's handler; when absent, Next is not shown (last step). */
  onNext?: () => void;
  nextDisabled?: boolean;
  nextLabel?: string;
  /** Why Next is disabled, said next to it. */
  nextHint?: string;
  busy?: boolean;
}

/** One wizard step: heading (focused on arrival), content, and the Back/Next bar. */
export function StepFrame({ id, title, intro, children, onNext, nextDisabled, nextLabel = 'Next', nextHint, busy }: Props) {
  const focus = useContext(StepFocusContext);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const hintId = useId();
  const back = useWizard((s) => s.back);
  useEffect(() => {
    if (focus) headingRef.current?.focus();
  }, [focus]);
  return (
    <section className="step card" data-step={id} aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="step-title">
        {title}
      </h2>
      {intro && <div className="step-intro">{intro}</div>}
      <div className="step-body">{children}</div>
      <div className="step-nav">
        {id !== 'ca' ? (
          <button type="button" className="btn" onClick={back}>
            Back
          </button>
        ) : (
          <span />
        )}
        {onNext && (
          <div className="step-next">
            {nextDisabled && nextHint && (
              <span id={hintId} className="hint">
                {nextHint}
              </span>
            )}
            <button
              type="button"
              className="btn btn-primary"
              onClick={onNext}
              disabled={nextDisabled || busy}
              aria-describedby={nextDisabled && nextHint ? hintId : undefined}
            >
              {busy ? 'Please wait…' : nextLabel}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
