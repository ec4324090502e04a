import { useRef, useState, type FormEvent } from 'react';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { toErrorBody } from '../api/index.ts';

export interface Action<A extends unknown[]> {
  /** True while the action runs: the button says so and a second press is ignored. */
  pending: boolean;
  /** Why the last run failed, as the error panel shows it; cleared when a run starts. */
  error: ApiErrorBody | null;
  /** Runs the action unless it is already running; true when it finished without throwing. */
  run(...args: A): Promise<boolean>;
  /** A form's onSubmit: no page load, then run() with no arguments. */
  onSubmit(e: FormEvent): void;
  setError(error: ApiErrorBody | null): void;
}

/**
 * The pending/error state every form and button of the UI had written out by hand: one run at a
 * time, the error shown as the panel expects it. `settled` runs after each attempt (focus moves).
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>, settled?: () => void): Action<A> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  // A ref as well as state: two presses within one render must not both start.
  const running = useRef(false);

  async function run(...args: A): Promise<boolean> {
    if (running.current) return false;
    running.current = true;
    setPending(true);
    setError(null);
    try {
      await action(...args);
      return true;
    } catch (e) {
      setError(toErrorBody(e));
      return false;
    } finally {
      running.current = false;
      setPending(false);
      settled?.();
    }
  }
  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void (run as () => Promise<boolean>)();
  }
  return { pending, error, run, onSubmit, setError };
}
