import type { EventName, EventPayloads } from '../../../shared/api/contract.ts';

export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** The events the core pushes to every connected UI (IPC or the web host's event stream). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // one broken subscriber (a closed window) must not stop the others
      }
    }
  }
}
