import { Type } from '@sinclair/typebox';
import { defineParser, type BotLogger } from '../../../bot/declaration.ts';
import { reportText, splitlines } from '../../../bot/parse-helpers.ts';
import type { Report } from '../../../message/index.ts';
import { convertDateTime } from '../../../message/types/index.ts';

/** Python `str.rpartition(sep)` → [head, tail]; head is '' when sep does not occur. */
function rpartition(s: string, sep: string): [string, string] {
  const i = s.lastIndexOf(sep);
  return i < 0 ? ['', s] : [s.slice(0, i), s.slice(i + sep.length)];
}

/**
 * A value for time.source: digits are UNIX seconds, anything else (or seconds
 * out of range) is read fuzzily; unreadable values are logged and dropped.
 */
function parseTimestamp(value: string, log: BotLogger): string | null {
  if (/^\d+$/u.test(value)) {
    try {
      return convertDateTime(Number(value), 'timestamp') ?? null;
    } catch {
      // Too large for a date: the fuzzy reading below decides.
    }
  }
  try {
    return convertDateTime(value, 'fuzzy') ?? null;
  } catch {
    log.warning(`Could not parse timestamp value '${value}'.`);
    return null;
  }
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.key_value.parser',
  name: 'Key=Value Parser',
  description: 'Parses lines of key=value pairs (e.g. FortiGate logs); mapped keys become event fields, the value mapped to time.source is read as a timestamp.',
  parameters: Type.Object({
    pair_separator: Type.String({ default: ' ', description: 'String separating the key=value pairs.' }),
    kv_separator: Type.String({ default: '=', description: 'String separating a key from its value (the last occurrence in a pair counts).' }),
    keys: Type.Record(Type.String(), Type.String(), { default: {}, description: 'Mapping of the feed\'s key names to harmonization fields, e.g. {"srcip": "source.ip"}.' }),
    strip_quotes: Type.Boolean({ default: true, description: 'Remove the double quotes around a value.' }),
    timestamp_key: Type.Union([Type.Null(), Type.String()], { default: null, description: 'Key holding the event time; shorthand for mapping it to time.source.' }),
  }),
  check(params) {
    const problems = [];
    if (!Object.keys(params.keys).length) problems.push({ level: 'error' as const, message: "Key extraction configuration failed - No keys specified in parameter 'keys'." });
    if (!params.pair_separator || !params.kv_separator) problems.push({ level: 'error' as const, message: 'Separators must not be empty.' });
    return problems;
  },
  create(ctx) {
    const { pair_separator: pairSep, kv_separator: kvSep, strip_quotes: stripQuotes, timestamp_key: timestampKey } = ctx.params;
    const keys = new Map(Object.entries(ctx.params.keys));
    if (!keys.size) throw new Error("Key extraction configuration failed - No keys specified in parameter 'keys'.");
    if (!pairSep || !kvSep) throw new Error("Parameters 'pair_separator' and 'kv_separator' must not be empty.");
    if (timestampKey) keys.set(timestampKey, 'time.source');
    return {
      *parse(report: Report): Iterable<string> {
        yield* splitlines(reportText(report));
      },
      parseLine(line: string, report: Report) {
        const event = ctx.newEvent(report);
        for (const pair of line.split(pairSep)) {
          const [key, raw] = rpartition(pair, kvSep);
          if (!key) continue;
          const field = keys.get(key);
          if (field === undefined) continue;
          let value: string | null = stripQuotes && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
          if (field === 'time.source') value = parseTimestamp(value, ctx.logger);
          event.add(field, value, { raiseFailure: false });
        }
        event.add('raw', line);
        return event;
      },
      recoverLine: (line: string) => line,
    };
  },
});
