/**
 * The parameters every output bot reads, and upstream's `export_event`: which
 * fields leave the system and in what shape.
 */
import { Type } from '@sinclair/typebox';
import type { Event } from '../message/index.ts';
import { base64Decode } from '../message/types/index.ts';

const nullableBool = (description: string) => Type.Union([Type.Boolean(), Type.Null()], { default: null, description });

export const OutputParameters = {
  hierarchical_output: Type.Boolean({ default: false, description: 'Nest dotted keys (`{"source": {"ip": …}}`) instead of flat keys.' }),
  message_hierarchical: nullableBool('Alias of hierarchical_output (upstream name).'),
  message_hierarchical_output: nullableBool('Alias of hierarchical_output (upstream name).'),
  message_with_type: Type.Boolean({ default: false, description: 'Add `"__type": "Event"` to every output message.' }),
  with_type: nullableBool('Alias of message_with_type (upstream name).'),
  message_jsondict_as_string: Type.Boolean({ default: false, description: 'Write `extra` as one JSON string instead of nested keys.' }),
  single_key: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Export only this field (`raw` is base64-decoded, `output` JSON-decoded).' }),
  keep_raw_field: Type.Boolean({ default: false, description: 'Keep the `raw` field (dropped by default).' }),
};

export interface ExportOptions {
  hierarchical: boolean;
  withType: boolean;
  jsondictAsString: boolean;
  singleKey: string | null;
  keepRaw: boolean;
}

export function exportOptions(p: Readonly<Record<string, unknown>>): ExportOptions {
  const first = (...keys: string[]) => {
    for (const k of keys) if (p[k] !== null && p[k] !== undefined) return p[k] === true;
    return false;
  };
  return {
    hierarchical: first('message_hierarchical', 'message_hierarchical_output', 'hierarchical_output'),
    withType: first('with_type', 'message_with_type'),
    jsondictAsString: p['message_jsondict_as_string'] === true,
    singleKey: typeof p['single_key'] === 'string' && p['single_key'] ? p['single_key'] : null,
    keepRaw: p['keep_raw_field'] === true,
  };
}

/** The event as text (JSON, sorted keys) or, with `single_key`, that one value. */
export function exportEventText(event: Event, o: ExportOptions): string {
  if (o.singleKey) {
    const v = event.get(o.singleKey);
    if (o.singleKey === 'raw') return base64Decode(String(v ?? ''));
    return typeof v === 'string' ? v : JSON.stringify(v);
  }
  const e = o.keepRaw || !event.has('raw') ? event : withoutRaw(event);
  return e.toJson({ hierarchical: o.hierarchical, withType: o.withType });
}

/** The event as an object, for outputs that encode it themselves (SQL, REST, Redis). */
export function exportEventDict(event: Event, o: ExportOptions): Record<string, unknown> {
  const e = o.keepRaw || !event.has('raw') ? event : withoutRaw(event);
  return e.toDict({ hierarchical: o.hierarchical, withType: o.withType, jsondictAsString: o.jsondictAsString });
}

function withoutRaw(event: Event): Event {
  const copy = event.copy();
  copy.delete('raw');
  return copy;
}
