/** An action that cannot go on: main prints the message and exits with `exitCode`. */
export class CtlError extends Error {
  override name = 'CtlError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Bad command-line input (argparse exits with 2 for these upstream). */
export class UsageError extends CtlError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}
