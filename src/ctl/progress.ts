/** A one-line live progress display (a counter with a rate) that degrades to periodic lines without a terminal. */
export class Progress {
  private lastPrint = 0;
  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {}

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }
  private readonly started = Date.now();

  update(text: string): void {
    const now = Date.now();
    if (this.tty) {
      this.stream.write(`\r\x1b[K${text}`);
    } else if (now - this.lastPrint >= 2000) {
      this.stream.write(`${text}\n`);
      this.lastPrint = now;
    }
  }

  done(text: string): void {
    this.stream.write(this.tty ? `\r\x1b[K${text}\n` : `${text}\n`);
  }

  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}

export function rate(count: number, seconds: number): string {
  return seconds > 0 ? `${Math.round(count / seconds)}/s` : '-';
}
