/**
 * What intelmqctl says and where: info on stdout (text mode, not with -q),
 * warnings and errors on stderr (both modes, so stdout stays one JSON
 * document), everything also in `<logging_path>/intelmqctl.log`.
 */
import { Logger } from '../log/logger.ts';
import { pyJsonIndent } from './json-output.ts';

export type OutputType = 'text' | 'json';

const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

export interface OutputOptions {
  readonly type: OutputType;
  readonly quiet: boolean;
}

export class Output {
  private logger: Logger | null = null;
  private readonly colour = Boolean(process.stderr.isTTY);

  constructor(readonly options: OutputOptions) {}

  get json(): boolean {
    return this.options.type === 'json';
  }

  /** Starts writing intelmqctl.log; without a writable log directory intelmqctl logs to the console only, as upstream. */
  attachLogFile(settings: { level: string; handler: string; path: string | null; maxSize: number; maxCopies: number | null }): void {
    if (this.logger || !settings.path || settings.handler !== 'file') return;
    try {
      this.logger = new Logger({
        name: 'intelmqctl',
        level: settings.level,
        handler: 'file',
        path: settings.path,
        maxSize: settings.maxSize,
        maxCopies: settings.maxCopies,
        console: false,
      });
    } catch {
      this.logger = null;
    }
  }

  info(message: string): void {
    this.logger?.info(message);
    if (!this.json && !this.options.quiet) process.stdout.write(`${message}\n`);
  }

  /** Upstream prints "Bot X is running." in green even without a terminal; tools strip it. */
  running(message: string): void {
    this.logger?.info(message);
    if (!this.json && !this.options.quiet) process.stdout.write(`${GREEN}${message}${RESET}\n`);
  }

  warning(message: string): void {
    this.logger?.warning(message);
    this.stderr(message);
  }

  error(message: string): void {
    this.logger?.error(message);
    this.stderr(message);
  }

  debug(message: string): void {
    this.logger?.debug(message);
  }

  /** Result text of listing actions (list, log, debug): printed even with -q, never in JSON mode. */
  print(text: string): void {
    if (!this.json) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The action's JSON result, printed once at the end in JSON mode. */
  result(value: unknown): void {
    if (this.json) process.stdout.write(`${pyJsonIndent(value)}\n`);
  }

  close(): void {
    this.logger?.close();
  }

  private stderr(message: string): void {
    process.stderr.write(this.colour ? `${RED}${message}${RESET}\n` : `${message}\n`);
  }
}
