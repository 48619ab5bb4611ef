import { Type, type Static } from '@sinclair/typebox';
import { defineExpert, type BotLogger, type Diagnostic } from '../../../bot/declaration.ts';
import type { Event } from '../../../message/index.ts';
import { FIELD_TYPES } from '../../../message/types/index.ts';
import { pyTruthy } from '../../../message/types/py.ts';
import { compilePyRegex } from '../../../py/regex.ts';
import { pyStr } from '../../../py/str.ts';
import { pyEquals } from '../sieve/py-values.ts';
import { MICROS_PER_MINUTE, nowMicros, parseIsoTimestamp, parseRelative, TIME_UNITS } from '../sieve/time.ts';

const parameters = Type.Object({
  filter_key: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Field whose value is compared.' }),
  filter_value: Type.Unknown({ default: null, description: 'Value the field must equal (types matter: 123 is not "123"), or a regular expression with filter_regex.' }),
  filter_action: Type.Union([Type.String(), Type.Null()], { default: null, description: '`drop` or `keep` the events that match.' }),
  filter_regex: Type.Unknown({ default: null, description: 'When true, filter_value is a regular expression searched in the field value.' }),
  not_before: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Drop events whose time.source is older: absolute time or relative such as `2 days`.' }),
  not_after: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Drop events whose time.source is newer: absolute time or relative such as `1 week`.' }),
});

type FilterParams = Static<typeof parameters>;

/** A time bound: a fixed instant or a span back from now (microseconds). */
type TimeBound = { at: number } | { ago: number } | null;

interface FilterConfig {
  /** The key/value filter, when complete. */
  match: ((event: Event) => boolean) | null;
  action: 'drop' | 'keep' | null;
  notBefore: TimeBound;
  notAfter: TimeBound;
}

/** Relative iff the text names a unit (upstream's rule: `10 hours` would otherwise parse as a clock time). */
function parseTimeBound(name: string, text: string | null, logger?: BotLogger): TimeBound {
  if (!text) return null;
  if (TIME_UNITS.some((unit) => text.includes(unit))) {
    const minutes = parseRelative(text);
    logger?.info(`Filtering out events to (relative time) ${minutes} minutes ago for ${name}.`);
    return { ago: minutes * MICROS_PER_MINUTE };
  }
  const at = parseIsoTimestamp(FIELD_TYPES['DateTime']!.sanitize(text));
  if (at === null) throw new RangeError(`Could not parse ${name} ${JSON.stringify(text)} as an absolute or relative time.`);
  logger?.info(`Filtering out events to (absolute time) ${text} for ${name}.`);
  return { at };
}

function valueRegex(value: unknown): RegExp {
  if (typeof value !== 'string') throw new TypeError(`filter_value must be a string to be used as regular expression, got ${JSON.stringify(value)}.`);
  return compilePyRegex(value);
}

/** Upstream's `init`: incomplete key/value settings disable that filter; no filter at all is an error. */
function configure(p: FilterParams, logger?: BotLogger): FilterConfig {
  const notBefore = parseTimeBound('not_before', p.not_before, logger);
  const notAfter = parseTimeBound('not_after', p.not_after, logger);
  if (!notBefore && !notAfter) logger?.info('Not filtering by time.');
  let complete = true;
  if (p.filter_key === null) {
    logger?.info('No filter_key parameter found.');
    complete = false;
  } else if (p.filter_value === null || p.filter_value === undefined) {
    logger?.info('No filter_value parameter found.');
    complete = false;
  } else if (p.filter_action === null) {
    logger?.info('No filter_action parameter found.');
    complete = false;
  } else if (p.filter_action !== 'drop' && p.filter_action !== 'keep') {
    logger?.info('Filter_action parameter definition unknown.');
    complete = false;
  }
  const regex = pyTruthy(p.filter_regex) ? valueRegex(p.filter_value) : null;
  if (!complete && !notBefore && !notAfter) throw new Error('No relevant filter configuration found.');
  const key = p.filter_key!;
  const value = p.filter_value;
  const match = !complete
    ? null
    : regex
      ? (event: Event) => event.has(key) && regex.test(pyStr(event.get(key), event.harmonization.event.get(key)?.type.isFloat))
      : (event: Event) => event.has(key) && pyEquals(event.get(key), value);
  return { match, action: complete ? (p.filter_action as 'drop' | 'keep') : null, notBefore, notAfter };
}

function eventTime(value: unknown): number | null {
  return parseIsoTimestamp(value) ?? parseIsoTimestamp(FIELD_TYPES['DateTime']!.sanitize(String(value)));
}

/** Whether the time filter discards the event. */
function outsideWindow(c: FilterConfig, time: number): boolean {
  const now = nowMicros();
  const limit = (b: Exclude<TimeBound, null>) => ('at' in b ? b.at : now - b.ago);
  return (c.notAfter !== null && time > limit(c.notAfter)) || (c.notBefore !== null && time < limit(c.notBefore));
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.filter.expert',
  name: 'Filter',
  description: 'Drops or keeps events by a field value (equality or regular expression) and/or by time.source; routes to filter_match, filter_no_match and action_other.',
  forwardVerb: 'Forwarded',
  parameters,
  check(params) {
    try {
      configure(params);
      return [];
    } catch (e) {
      return [{ level: 'error', message: (e as Error).message } satisfies Diagnostic];
    }
  },
  create(ctx) {
    const config = configure(ctx.params, ctx.logger);
    const log = ctx.logger;
    return {
      process(event, emit) {
        if ((config.notBefore || config.notAfter) && event.has('time.source')) {
          const source = event.get('time.source');
          const time = eventTime(source);
          if (time === null) {
            log.error(`Could not parse time.source ${String(source)}.`);
          } else if (outsideWindow(config, time)) {
            log.debug(`Filtered out event with time.source ${String(source)}.`);
            return;
          }
        }
        if (!config.match) {
          emit(event);
          return;
        }
        const matched = config.match(event);
        if (config.action === 'drop') {
          if (matched) {
            emit(event, 'action_other', true);
            emit(event, 'filter_match', true);
          } else {
            emit(event, 'filter_no_match', true);
            emit(event);
          }
        } else if (matched) {
          emit(event, 'filter_match', true);
          emit(event);
        } else {
          emit(event, 'action_other', true);
          emit(event, 'filter_no_match', true);
        }
      },
    };
  },
});
