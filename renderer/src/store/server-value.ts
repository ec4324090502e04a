import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { toErrorBody } from '../api/index.ts';

/** What a store shows of one value main holds: the value once loaded, and how loading it goes. */
export interface Loadable<T> {
  value?: T;
  loading: boolean;
  error: ApiErrorBody | null;
}

export interface ServerValue<T, A extends unknown[]> {
  /** Loads the value; an answer that arrives after a newer load or a replace() is dropped. */
  refresh(...args: A): Promise<void>;
  /** A fresher value from an event or an action's answer: it wins over any load still under way. */
  replace(value: T): void;
  /** Forgets any load under way (its answer will be dropped). */
  cancel(): void;
}

/**
 * One value main holds, cached in a zustand store and kept fresh by events. The store says where
 * the value and its loading state go (`apply`); this keeps the order right, which the stores used
 * to do each with its own sequence counter: only the newest load or event reaches the screen.
 */
export function serverValue<T, A extends unknown[] = []>(
  load: (...args: A) => Promise<T>,
  apply: (state: Loadable<T>) => void,
): ServerValue<T, A> {
  let version = 0;
  return {
    async refresh(...args) {
      const mine = ++version;
      apply({ loading: true, error: null });
      try {
        const value = await load(...args);
        if (mine === version) apply({ value, loading: false, error: null });
      } catch (e) {
        if (mine === version) apply({ loading: false, error: toErrorBody(e) });
      }
    },
    replace(value) {
      version++;
      apply({ value, loading: false, error: null });
    },
    cancel() {
      version++;
    },
  };
}

/** The list with `item` in place of the one with its id, or added at the end. */
export function upsertById<V extends { id: string }>(list: readonly V[] | null, item: V): V[] {
  const all = list ?? [];
  const i = all.findIndex((v) => v.id === item.id);
  return i < 0 ? [...all, item] : all.map((v, j) => (j === i ? item : v));
}
