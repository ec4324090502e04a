/**
 * Lets requests of one kind run together and keeps kinds apart: while any request of kind A runs,
 * a request of kind B waits, and the other way round. Waiters are admitted in arrival order, a
 * whole run of the same kind at once, so neither kind starves the other.
 */
export class KindGate {
  private active: { kind: string; count: number } | undefined;
  private readonly waiting: { kind: string; admit: () => void }[] = [];

  async run<T>(kind: string, fn: () => Promise<T>): Promise<T> {
    await this.enter(kind);
    try {
      return await fn();
    } finally {
      this.leave();
    }
  }

  private enter(kind: string): Promise<void> {
    if (!this.active || (this.active.kind === kind && this.waiting.length === 0)) {
      this.active = { kind, count: (this.active?.count ?? 0) + 1 };
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ kind, admit: resolve }));
  }

  private leave(): void {
    if (!this.active || --this.active.count > 0) return;
    this.active = undefined;
    const next = this.waiting[0];
    if (!next) return;
    this.active = { kind: next.kind, count: 0 };
    while (this.waiting[0]?.kind === next.kind) {
      this.active.count++;
      this.waiting.shift()!.admit();
    }
  }
}
