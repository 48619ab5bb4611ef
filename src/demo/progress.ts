/** A one-line live progress display (a counter with a rate) that degrades to periodic lines without a terminal. */
export class Progress {
  private lastPrint = 0;
  private readonly tty = Boolean(process.stdout.isTTY);
  private readonly started = Date.now();

  update(text: string): void {
    const now = Date.now();
    if (this.tty) {
      process.stdout.write(`\r\x1b[K${text}`);
    } else if (now - this.lastPrint >= 2000) {
      process.stdout.write(`${text}\n`);
      this.lastPrint = now;
    }
  }

  done(text: string): void {
    process.stdout.write(this.tty ? `\r\x1b[K${text}\n` : `${text}\n`);
  }

  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}

export function rate(count: number, seconds: number): string {
  return seconds > 0 ? `${Math.round(count / seconds)}/s` : '-';
}
