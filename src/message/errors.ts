/**
 * Error classes of the message model. Names and messages follow IntelMQ's
 * `intelmq.lib.exceptions` so that logs and dumps read the same for operators.
 */
export class IntelMQError extends Error {
  override name = 'IntelMQError';
}

export class InvalidArgument extends IntelMQError {
  override name = 'InvalidArgument';
  constructor(readonly argument: string, readonly got?: unknown, readonly expected?: unknown, readonly docs?: string) {
    let text = `Argument ${JSON.stringify(argument)} is invalid.`;
    if (expected !== undefined) text += ` Should be one of: ${formatExpected(expected)}.`;
    if (got !== undefined) text += ` Got ${JSON.stringify(got)}.`;
    if (docs) text += ` For more information see ${docs}`;
    super(text);
  }
}

function formatExpected(expected: unknown): string {
  return Array.isArray(expected) ? `(${expected.map((e) => `'${String(e)}'`).join(', ')})` : String(expected);
}

export class InvalidKey extends IntelMQError {
  override name = 'InvalidKey';
  constructor(readonly key: string, reason?: string) {
    super(`invalid key ${pyQuote(key)}${reason ? ` ${reason}` : ''}`);
  }
}

export class KeyExists extends IntelMQError {
  override name = 'KeyExists';
  constructor(readonly key: string) {
    super(`key ${pyQuote(key)} already exists`);
  }
}

export class KeyNotExists extends IntelMQError {
  override name = 'KeyNotExists';
  constructor(readonly key: string) {
    super(`key ${pyQuote(key)} not present`);
  }
}

/**
 * A value violates the harmonization. `object` is the wire JSON of the message
 * the value belonged to, so the bot can dump what it received.
 */
export class InvalidValue extends IntelMQError {
  override name = 'InvalidValue';
  object: string | undefined;
  constructor(readonly key: string, readonly value: unknown, reason?: string, object?: string) {
    super(`invalid value ${pyQuote(typeof value === 'string' ? value : JSON.stringify(value))} (${typeof value}) for key ${pyQuote(key)}${reason ? `: ${reason}` : ''}`);
    this.object = object;
  }
}

/** Raised when bytes from the pipeline are not valid UTF-8. */
export class DecodingError extends IntelMQError {
  override name = 'DecodingError';
  constructor(readonly raw: Buffer) {
    super('Could not decode message from pipeline.');
  }
}

/** A configuration problem: it names the file, the bot and the key so the operator can fix it. */
export class ConfigurationError extends IntelMQError {
  override name = 'ConfigurationError';
  constructor(readonly config: string, readonly argument: string) {
    super(`${config} configuration failed - ${argument}`);
  }
}

export function pyQuote(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}
