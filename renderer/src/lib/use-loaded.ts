import { useEffect, useEffectEvent, useState } from 'react';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { toErrorBody } from '../api/index.ts';

export interface Loaded<T> {
  /** null until it has loaded. */
  data: T | null;
  error: ApiErrorBody | null;
  /** Loads again (the error panel's "Try again"). */
  retry(): void;
  /** What a save answered: the fresh data, without loading again. */
  set(data: T): void;
}

/**
 * Loads what a page or form shows, again whenever `key` changes; an answer for an older key (the
 * user moved on) is dropped. `onLoad` receives each answer, so a form can fill its fields from it.
 */
export function useLoaded<T>(load: () => Promise<T>, key: string, onLoad?: (data: T) => void): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Effect events: the latest `load` and `onLoad` are used, and only the key says when to load again.
  const fetchNow = useEffectEvent(load);
  const loaded = useEffectEvent((v: T) => onLoad?.(v));
  useEffect(() => {
    let live = true;
    setError(null);
    fetchNow()
      .then((v) => {
        if (!live) return;
        setData(v);
        loaded(v);
      })
      .catch((e: unknown) => live && setError(toErrorBody(e)));
    return () => {
      live = false;
    };
  }, [key, attempt]);
  return { data, error, retry: () => setAttempt((n) => n + 1), set: setData };
}
