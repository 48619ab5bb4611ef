/**
 * A harmonization type (`String`, `IPAddress`, `DateTime`, ...), as in IntelMQ's
 * `intelmq.lib.harmonization`. Functions are pure and allocation-light: they run
 * for every field of every message.
 *
 * Contract (see spec message-format.md §2): `sanitize(v)` returns the normalised
 * value only if it is valid, otherwise `null`. Neither function ever throws,
 * `null`/`undefined` included.
 */
export interface FieldType {
  readonly name: string;
  /** Strict check of a stored value, no conversion. */
  isValid(value: unknown): boolean;
  /** Normalise; `null` when the value cannot be made valid. */
  sanitize(value: unknown): unknown;
  /** Only JSONDict: sub-keys (`extra.foo`) accept any JSON value. */
  readonly hasSubitems?: boolean;
  /** Floats are serialised with a `.0` (Python `float`), see wire format. */
  readonly isFloat?: boolean;
}

/**
 * A number that was a float on the wire (`64500.0`). JavaScript's JSON.parse
 * drops that distinction, but Python's harmonization treats `64500.0` as not an
 * Integer; readers that know the source text (the conformance runner) box such
 * numbers so the types can decide as upstream does.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}
