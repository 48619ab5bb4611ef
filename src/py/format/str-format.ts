/** Python `template.format(**kwargs)`, the arguments resolved by the caller (modify rules). */
import { convert, formatValue } from './format-spec.ts';
import { parseField, renderTemplate, type Accessor } from './template.ts';

/** Resolves `arg_name` with its accessors (`msg`, `[source.ip]`); throws KeyError and friends as Python would. */
export type FormatLookup = (arg: string, accessors: readonly Accessor[]) => unknown;

export function pyFormat(template: string, lookup: FormatLookup): string {
  return renderTemplate(template, (body) => {
    const field = parseField(body);
    const value = convert(lookup(field.arg, field.accessors), field.conversion);
    return formatValue(value, field.spec.includes('{') ? pyFormat(field.spec, lookup) : field.spec);
  });
}
