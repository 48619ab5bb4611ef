/**
 * Hand-over between a push-style receiver (HTTP server, TCP server) and
 * `collect()`: received items wait here until a collection run has sent them
 * and the runtime has enqueued them durably; only then is the sender told
 * "accepted". A failed run leaves the items pending for the next run, so a
 * crash loses nothing that was acknowledged.
 */
export interface InboxEntry<T> {
  readonly item: T;
}

interface Pending<T> extends InboxEntry<T> {
  resolve(): void;
  reject(error: Error): void;
}

export class Inbox<T> {
  private pending: Array<Pending<T>> = [];
  private closedWith: Error | null = null;

  /** Resolves once the item was committed; rejects when the inbox is closed first. */
  put(item: T): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => this.pending.push({ item, resolve, reject }));
  }

  get size(): number {
    return this.pending.length;
  }

  /** Everything received so far, oldest first; it stays pending until `commit`. */
  peek(): ReadonlyArray<InboxEntry<T>> {
    return [...this.pending];
  }

  commit(entries: ReadonlyArray<InboxEntry<T>>): void {
    const done = new Set(entries);
    const committed = this.pending.filter((e) => done.has(e));
    this.pending = this.pending.filter((e) => !done.has(e));
    for (const e of committed) e.resolve();
  }

  /** Rejects everything pending and every later `put` (bot stopping). */
  close(error: Error): void {
    this.closedWith = error;
    const pending = this.pending;
    this.pending = [];
    for (const e of pending) e.reject(error);
  }
}
