/**
 * The subset of Python's `str.format` that IntelMQ parameters use: `{name}` or
 * `{name[key]}`, the key taken literally (dots included, as Python does).
 * Upstream formats URLs with `{time[%Y-%m-%d]}` and mail headers or routing
 * keys with `{ev[source.ip]}`.
 */
import { renderTemplate } from './template.ts';

/** Returns the text for one replacement field; throws (like Python's KeyError) for an unknown one. */
export type FieldResolver = (name: string, key: string | null) => string;

export class FormatError extends Error {
  override name = 'FormatError';
}

export function pyFormatKeyed(template: string, resolve: FieldResolver): string {
  return renderTemplate(template, (body) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(?::(.*))?$/s.exec(body);
    if (!m) throw new FormatError(`Unsupported replacement field {${body}} in ${JSON.stringify(template)}.`);
    return resolve(m[1]!, m[2] ?? null);
  });
}
