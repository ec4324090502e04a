import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * After an action, focus goes to its result (a status or an error) instead of falling to the page
 * body when the button that had it is disabled or goes away. `done()` asks for it; the element
 * needs tabIndex={-1}. Focus moves after the render that shows the result.
 */
export function useFocusResult<T extends HTMLElement>(): { ref: React.RefObject<T | null>; done: () => void } {
  const ref = useRef<T>(null);
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (requests > 0) ref.current?.focus();
  }, [requests]);
  const done = useCallback(() => setRequests((n) => n + 1), []);
  return { ref, done };
}
