/**
 * Peak memory of bot processes, split the way it costs a machine: the peak
 * resident size (VmHWM, what `ps` and upstream's figure count) and the peak
 * of the process's own pages (RssAnon). The rest are file pages — the node
 * executable and shared libraries — which the kernel keeps once for all bots.
 */
import { readFileSync } from 'node:fs';

function statusKiB(pid: number, field: string): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const mib = (kib: number) => Math.round(kib / 102.4) / 10;

export class RssSampler {
  private readonly ownPeak = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  /** Samples every bot `pids()` returns, every 100 ms, until `stop()`. */
  constructor(private readonly pids: () => Iterable<number>) {
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    for (const pid of this.pids()) this.ownPeak.set(pid, Math.max(this.ownPeak.get(pid) ?? 0, statusKiB(pid, 'RssAnon')));
  }

  /** Stops sampling; call before the processes exit. */
  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  peakMiB(pid: number): number {
    return mib(statusKiB(pid, 'VmHWM'));
  }

  peakOwnMiB(pid: number): number {
    return mib(this.ownPeak.get(pid) ?? 0);
  }
}
