/**
 * A live counter for bots run in the foreground or one-shot: messages sent,
 * failures and the rate, read from the statistics file the bot writes
 * (`var/run/<id>.stats.json`), so a long run is never a silent wait.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Progress, rate } from '../progress.ts';

interface Snapshot {
  success?: number;
  failure?: number;
  total?: Record<string, number>;
  paused?: boolean;
}

function read(file: string): Snapshot | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch {
    // Read while the bot replaced it: the next tick reads the new one.
    return null;
  }
}

/** Starts the display; the returned function stops it and prints the final line. */
export function watchBotProgress(varRunPath: string, botId: string): () => void {
  const file = join(varRunPath, `${botId}.stats.json`);
  const progress = new Progress(process.stderr);
  let text = '';
  const tick = () => {
    const s = read(file);
    if (!s) return;
    const sent = Object.values(s.total ?? {}).reduce((a, b) => a + b, 0);
    text = `${botId}: ${s.success ?? 0} processed, ${s.failure ?? 0} failed, ${sent} sent (${rate(sent, progress.elapsedSeconds())})${s.paused ? ', paused by backpressure' : ''}`;
    progress.update(text);
  };
  const timer = setInterval(tick, 500);
  return () => {
    clearInterval(timer);
    tick();
    if (text) progress.done(text);
  };
}
