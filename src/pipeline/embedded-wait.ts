import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * The longest pause between two checks of a waiting consumer. Checks normally
 * run when the database's WAL file changes (inotify through fs.watch), so this
 * only bounds the delay where change notifications are missing (network file
 * systems, an exhausted inotify limit).
 */
const MAX_POLL_MS = 200;
const FIRST_POLL_MS = 2;

/**
 * Wakes consumers of the embedded broker when any process writes to the
 * database, instead of spinning on queries. The directory is watched only
 * while somebody waits, so busy consumers pay nothing.
 */
export class ChangeWatcher {
  private watcher: FSWatcher | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly prefix: string;
  private readonly dir: string;

  constructor(databasePath: string) {
    this.dir = dirname(databasePath);
    this.prefix = basename(databasePath);
  }

  /**
   * Resolves true as soon as `ready()` holds (checked now, on every change
   * notification and on an adaptive timer), false after `timeoutMs`, and
   * rejects with the signal's reason on abort.
   */
  waitUntil(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + timeoutMs;
      let pollMs = FIRST_POLL_MS;
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        if (this.waiters.size === 0) this.stopWatching();
      };
      const onAbort = (): void => {
        done();
        reject(signal?.reason);
      };
      const check = (): void => {
        let isReady: boolean;
        try {
          isReady = ready();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        const left = deadline - performance.now();
        if (isReady || left <= 0) {
          done();
          resolve(isReady);
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(check, Math.min(pollMs, left));
        pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Watch before the first check, so a write between check and wait still wakes us.
      this.waiters.add(check);
      this.startWatching();
      check();
    });
  }

  close(): void {
    this.stopWatching();
  }

  private startWatching(): void {
    if (this.watcher !== null) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, file) => {
        if (file === null || file.startsWith(this.prefix)) for (const check of [...this.waiters]) check();
      });
      this.watcher.on('error', () => this.stopWatching());
    } catch {
      // No notifications here (e.g. inotify limit reached): the adaptive timer alone keeps consumers going.
      this.watcher = null;
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}
