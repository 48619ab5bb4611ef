import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { reportText } from '../../../bot/parse-helpers.ts';
import { pyJsonDumps, type Report } from '../../../message/index.ts';
import { pyJsonLoads, unboxed } from '../json/pyjson-loads.ts';

type Item = Record<string, unknown>;

const TYPES: ReadonlyMap<string, string> = new Map([
  ['PHISHING', 'phishing'],
  ['MALWARE', 'malware-distribution'],
  ['EXPLOIT_KIT', 'exploit'],
  ['BACKDOOR', 'system-compromise'],
  ['TOR_IP', 'proxy'],
  ['C_AND_C', 'c2-server'],
]);

/** Item members kept in `extra`, under these names. */
const EXTRA: ReadonlyArray<[string, string]> = [
  ['status', 'status'],
  ['confidence', 'confidence'],
  ['updatedAt', 'time_updated'],
  ['firstSeenAt', 'time_first_seen'],
];

// Python's json.dumps(item, sort_keys=True): the members' order in the API response is not stable.
const recover = (item: unknown) => pyJsonDumps(item, { sortKeys: true });

export const bot = defineParser({
  module: 'intelmq.bots.parsers.blueliv.parser_crimeserver',
  name: 'Blueliv Crimeserver',
  description: 'Parses the Blueliv Crimeserver API response (a JSON list of crime servers: phishing, malware, exploit kits, backdoors, C&C, Tor nodes).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      *parse(report: Report): Iterable<unknown> {
        const doc = pyJsonLoads(reportText(report), { boxFloats: true });
        if (!Array.isArray(doc)) throw new TypeError('The Crimeserver response is not a JSON list.');
        yield* doc;
      },
      recoverLine: recover,
      parseLine(boxed: unknown, report: Report) {
        const item = unboxed(boxed) as Item;
        const event = ctx.newEvent(report);
        let torNode = false;
        if ('type' in item) {
          const type = TYPES.get(String(item['type']));
          if (!type) throw new Error(`Unknown crime server type ${JSON.stringify(item['type'])}.`);
          event.add('classification.type', type);
          if (item['type'] === 'TOR_IP') {
            event.add('source.tor_node', true);
            torNode = true;
          }
        }
        // Tor nodes come with their address in the url member; such values are not URLs.
        if ('url' in item) event.add('source.url', item['url'], { raiseFailure: !torNode });
        if ('ip' in item) event.add('source.ip', item['ip']);
        if ('country' in item) event.add('source.geolocation.cc', item['country']);
        // e.g. 2016-06-07T07:47:04+0000: the offset lacks its colon.
        if ('lastSeenAt' in item) event.add('time.source', `${String(item['lastSeenAt']).slice(0, -4)}00:00`);
        const extra: Item = {};
        for (const [member, name] of EXTRA) if (member in item) extra[name] = item[member];
        event.add('extra', extra);
        event.add('classification.type', 'undetermined', { overwrite: false });
        event.add('raw', recover(boxed));
        return event;
      },
    };
  },
});
