/**
 * The scraping parsers walk a web page line by line (Python's
 * `[row.strip() for row in raw.splitlines()]`) from a marker to the end of a
 * table; running off the end of the page fails the whole report, as upstream.
 */
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { pyStrip } from '../../../message/types/py.ts';

export class PageLines {
  private index = 0;
  private readonly lines: string[];

  constructor(report: Report) {
    this.lines = splitlines(reportText(report)).map(pyStrip);
  }

  get current(): string {
    return this.lines[this.index] ?? '';
  }

  /** Moves to the next line; `expecting` names what was still being looked for. */
  next(expecting: string): string {
    this.index++;
    if (this.index >= this.lines.length) throw new RangeError(`The page ended before ${expecting} was found.`);
    return this.lines[this.index]!;
  }
}
