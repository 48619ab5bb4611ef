import { Type } from '@sinclair/typebox';
import { defineParser } from '../../../bot/declaration.ts';
import { lineParsing } from '../../../bot/parse-helpers.ts';
import type { ParseState } from '../../../bot/parse-state.ts';
import type { Report } from '../../../message/index.ts';

type FeedKind = 'c2-ip' | 'c2-domain' | 'dga';

/** Feeds by file name; the URL's host and scheme changed over the years (also `-high` confidence lists). */
const FEEDS: ReadonlyArray<[RegExp, FeedKind]> = [
  [/\/c2-ipmasterlist(-high)?\.txt$/, 'c2-ip'],
  [/\/c2-dommasterlist(-high)?\.txt$/, 'c2-domain'],
  [/\/dga-feed(-high)?\.txt$/, 'dga'],
];

/** Malware family names as Bambenek writes them in the description, to a canonical name. */
const MALWARE_NAMES: ReadonlyArray<[string, readonly string[]]> = [
  ['banjori', ['banjori']],
  ['bebloh', ['bebloh', 'shiotob', 'urlzone']],
  ['bedep', ['bedep']],
  ['beebone', ['beebone']],
  ['blackhole', ['blackhole']],
  ['chinad', ['chinad']],
  ['corebot', ['corebot']],
  ['cryptolocker', ['cryptolocker']],
  ['cryptowall', ['cryptowall']],
  ['dircrypt', ['dircrypt']],
  ['dyre', ['dyre']],
  ['emotet', ['emotet', 'geodo']],
  ['fobber', ['fobber']],
  ['gameover', ['gameover']],
  ['hesperbot', ['hesperbot']],
  ['kraken', ['kraken']],
  ['locky', ['locky']],
  ['madmax', ['madmax']],
  ['matsnu', ['matsnu']],
  ['murofet', ['murofet']],
  ['necurs', ['necurs']],
  ['nymaim', ['nymaim']],
  ['padcrypt', ['padcrypt']],
  ['pandabanker', ['pandabanker', 'panda banker']],
  ['proslikefan', ['proslikefan']],
  ['pushdo', ['pushdo']],
  ['pykspa', ['pykspa']],
  ['qadars', ['qadars']],
  ['qakbot', ['qakbot']],
  ['ramdo', ['ramdo']],
  ['ramnit', ['ramnit']],
  ['ranbyus', ['ranbyus']],
  ['shifu', ['shifu']],
  ['simda', ['simda']],
  ['sisron', ['sisron']],
  ['suppobox', ['suppobox']],
  ['symmi', ['symmi']],
  ['tempedreve', ['tempedreve']],
  ['tinba', ['tinba']],
  ['tofsee', ['tofsee']],
  ['vawtrak', ['vawtrak']],
  ['volatilecedar', ['volatilecedar']],
  ['xshellghost', ['xshellghost']],
  ['xxhex', ['xxhex']],
];

function feedKind(url: unknown): FeedKind {
  const u = String(url ?? '');
  for (const [re, kind] of FEEDS) if (re.test(u)) return kind;
  throw new Error(`Unknown data feed ${u}.`);
}

function malwareName(description: string): string | undefined {
  const text = description.toLowerCase();
  for (const [name, aliases] of MALWARE_NAMES) if (aliases.some((a) => text.includes(a))) return name;
  return undefined;
}

export const bot = defineParser({
  module: 'intelmq.bots.parsers.bambenek.parser',
  name: 'Bambenek',
  description: 'Parses the Bambenek C2 IP, C2 domain and DGA domain feeds (the feed is told by feed.url).',
  parameters: Type.Object({}),
  create(ctx) {
    return {
      ...lineParsing(),
      parseLine(line: string, report: Report, state: ParseState) {
        if (line.startsWith('#') || !line) {
          state.tempdata.push(line);
          return null;
        }
        const value = line.split(',');
        const kind = feedKind(report.get('feed.url'));
        const event = ctx.newEvent(report);
        event.add('event_description.text', value[1]);
        event.add('event_description.url', value[3]);
        const malware = malwareName(value[1] ?? '');
        if (malware) event.add('malware.name', malware);
        event.add('raw', line);
        if (kind === 'dga') {
          event.add('source.fqdn', value[0]);
          event.add('time.source', `${value[2]} 00:00 UTC`);
          event.add('classification.type', 'dga-domain');
        } else {
          event.add(kind === 'c2-ip' ? 'source.ip' : 'source.fqdn', value[0]);
          event.add('time.source', `${value[2]} UTC`);
          event.add('classification.type', 'c2-server');
          event.add('status', 'online');
        }
        return event;
      },
    };
  },
});
