/**
 * upstream's `intelmq_psql_initdb`: the PostgreSQL schema for a
 * harmonization, one column per event field named by its quoted dotted key,
 * sorted by code point, plus indices; optionally the "separate raws" layout
 * (raw values in their own table behind a view and an INSERT trigger).
 */
import { compareCodePoints, type Harmonization } from '../../../message/index.ts';

export interface InitdbOptions {
  /** Omit the events table (e.g. only add the raws layout to an existing database). */
  skipEvents?: boolean;
  /** Keep `raw` in a table of its own, joined by the view `v_events` that takes the INSERTs. */
  separateRaws?: boolean;
  /** Add this field to the primary key (TimescaleDB partitioning); no foreign key to raws then. */
  partitionKey?: string | null;
  /** Add IF NOT EXISTS / OR REPLACE, so the script can run against an existing schema. */
  skipOrReplace?: boolean;
}

export const INDEXED_FIELDS = [
  'classification.identifier', 'classification.taxonomy', 'classification.type', 'feed.code', 'feed.name',
  'source.abuse_contact', 'source.asn', 'source.ip', 'source.fqdn', 'time.observation', 'time.source',
] as const;

const TEXT_TYPES = new Set(['String', 'Base64', 'URL', 'FQDN', 'MalwareName', 'ClassificationType', 'LowercaseString', 'UppercaseString', 'Registry', 'TLP', 'ClassificationTaxonomy']);

/** The column type of a harmonization field type; an unknown type is an error, as upstream. */
export function columnType(type: string, length?: number): string {
  if (TEXT_TYPES.has(type)) return length !== undefined ? `varchar(${length})` : 'text';
  switch (type) {
    case 'IPAddress':
    case 'IPNetwork':
      return 'inet';
    case 'DateTime':
      return 'timestamp with time zone';
    case 'Boolean':
      return 'boolean';
    case 'Integer':
    case 'ASN':
      return 'integer';
    case 'Float':
    case 'Accuracy':
      return 'real';
    case 'UUID':
      return 'UUID';
    case 'JSON':
    case 'JSONDict':
      return 'json';
    default:
      throw new Error(`Unknown type '${type}'.`);
  }
}

export function psqlInitdb(harmonization: Harmonization, o: InitdbOptions = {}): string {
  const fields = new Map<string, string>();
  for (const [key, spec] of Object.entries(harmonization.source.event)) fields.set(key, columnType(spec.type, spec.length));
  const lines: string[] = [];
  if (!o.skipEvents) lines.push(...eventsSchema(fields, o.partitionKey ?? null));
  if (o.separateRaws) lines.push(...separateRawsSchema(fields, o.partitionKey ?? null));
  const ifNotExists = o.skipOrReplace ? ' IF NOT EXISTS' : '';
  const orReplace = o.skipOrReplace ? ' OR REPLACE' : '';
  return lines.map((l) => l.replaceAll('{if_not_exist}', ifNotExists).replaceAll('{or_replace}', orReplace)).join('\n');
}

function eventsSchema(fields: Map<string, string>, partitionKey: string | null): string[] {
  const lines = ['CREATE TABLE{if_not_exist} events (', `    "id" BIGSERIAL${partitionKey ? '' : ' UNIQUE PRIMARY KEY'},`];
  for (const key of [...fields.keys()].sort(compareCodePoints)) lines.push(`    "${key}" ${fields.get(key)},`);
  if (partitionKey) lines.push(`    PRIMARY KEY ("id", "${partitionKey}")`);
  else lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, -1);
  lines.push(');');
  for (const index of INDEXED_FIELDS) lines.push(`CREATE INDEX{if_not_exist} "idx_events_${index}" ON events USING btree ("${index}");`);
  return lines;
}

function separateRawsSchema(fields: Map<string, string>, partitionKey: string | null): string[] {
  const sorted = [...fields.keys()].filter((k) => k !== 'raw').sort(compareCodePoints);
  const list = (prefix: string, indent: string) => sorted.map((f, i) => `${indent}${prefix}"${f}"${i < sorted.length - 1 ? ',' : ''}`);
  const lines = ['', '-- Create the table holding only the "raw" values', '\nCREATE TABLE{if_not_exist} public.raws (\n    event_id bigint,\n    raw text,\n    PRIMARY KEY(event_id)'];
  if (!partitionKey) {
    lines[lines.length - 1] += ',';
    lines.push('    CONSTRAINT raws_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE');
  }
  lines.push(');');
  lines.push('', '-- Create the v_events view which joins the tables "events" and "raws"\n', 'CREATE{or_replace} VIEW public.v_events AS', '    SELECT', '        events.id,');
  for (const f of sorted) lines.push(`        events."${f}",`);
  lines.push('        raws."event_id",', '        raws."raw"', '    FROM (', '        public.events', '        JOIN public.raws ON ((events.id = raws.event_id)));');
  lines.push(
    '',
    '-- Establish the INSERT trigger for the events table, splitting the data into events and raws',
    '',
    'CREATE{or_replace} FUNCTION public.process_v_events_insert()',
    '    RETURNS trigger',
    '    LANGUAGE plpgsql',
    '    AS $$',
    '    DECLARE event_id integer;',
    '',
    '    BEGIN',
    '        INSERT INTO',
    '            events (',
    ...list('', '                '),
    '            )',
    '        VALUES',
    '            (',
    ...list('NEW.', '                '),
    '            )',
    '            RETURNING id INTO event_id;',
    '        INSERT INTO',
    '            raws ("event_id", "raw")',
    '        VALUES',
    '            (event_id, NEW.raw);',
    '        RETURN NEW;',
    '    END;',
    '$$;',
  );
  lines.push('\nCREATE{or_replace} TRIGGER tr_events\n    INSTEAD OF INSERT\n    ON public.v_events\n    FOR EACH ROW\n    EXECUTE FUNCTION public.process_v_events_insert();\n');
  return lines;
}
