/** Python `template.format(*args)` with string arguments, as `compose_fields` templates such as `http://{0}{1}` use it. */
import { pyError } from '../errors.ts';
import { convert, formatValue } from './format-spec.ts';
import { parseField, renderTemplate, type ReplacementField } from './template.ts';

type Numbering = { next: number; mode: 'none' | 'auto' | 'manual' };

export function pyFormatPositional(template: string, args: readonly string[]): string {
  const numbering: Numbering = { next: 0, mode: 'none' };
  const render = (body: string): string => {
    const field = parseField(body);
    const value = convert(resolve(field, args, numbering), field.conversion);
    return formatValue(value, field.spec.includes('{') ? renderTemplate(field.spec, render) : field.spec);
  };
  return renderTemplate(template, render);
}

/** `{}` (automatic numbering), `{0}`, `{0[2]}`; names and attributes cannot resolve against positional strings. */
function resolve(field: ReplacementField, args: readonly string[], numbering: Numbering): string {
  let index: number;
  if (field.arg === '') {
    if (numbering.mode === 'manual') throw pyError('ValueError', 'cannot switch from manual field specification to automatic field numbering');
    numbering.mode = 'auto';
    index = numbering.next++;
  } else if (/^\d+$/u.test(field.arg)) {
    if (numbering.mode === 'auto') throw pyError('ValueError', 'cannot switch from automatic field numbering to manual field specification');
    numbering.mode = 'manual';
    index = Number(field.arg);
  } else {
    throw pyError('KeyError', `'${field.arg}'`);
  }
  if (index >= args.length) throw pyError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
  let value = args[index]!;
  for (const accessor of field.accessors) {
    if (accessor.kind === 'attr') throw pyError('AttributeError', `'str' object has no attribute '${accessor.key}'`);
    if (typeof accessor.key !== 'number') throw new TypeError('string indices must be integers, not \'str\'');
    const chars = [...value];
    if (accessor.key >= chars.length) throw pyError('IndexError', 'string index out of range');
    value = chars[accessor.key]!;
  }
  return value;
}
