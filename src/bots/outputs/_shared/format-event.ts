/**
 * Python `template.format(ev=event)` as upstream outputs use it for routing
 * keys and mail headers, with values rendered like Python's `str()`.
 */
import { pyFloatRepr, pyRepr, type Event } from '../../../message/index.ts';
import { FormatError, pyFormatKeyed } from '../../../py/format/keyed.ts';

/** Python `str(value)` of an event field. */
export function pyStr(event: Event, key: string): string {
  const v = event.get(key);
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return event.harmonization.event.get(key)?.type.isFloat ? pyFloatRepr(v) : String(v);
  return pyRepr(v);
}

/**
 * `missing: 'error'` raises like a plain Event (KeyError); `'None'` renders
 * "None", as after upstream's `event.set_default_value()`.
 */
export function formatEvent(template: string, event: Event, missing: 'error' | 'None'): string {
  return pyFormatKeyed(template, (name, key) => {
    if (name !== 'ev' || key === null) throw new FormatError(`Unknown placeholder '${name}' in ${JSON.stringify(template)}; use {ev[<field>]}.`);
    if (!event.has(key) && missing === 'error') throw new FormatError(`The event has no field '${key}' (used in ${JSON.stringify(template)}).`);
    return pyStr(event, key);
  });
}
