/**
 * Events/second for what every bot does per message: build a typical
 * 15-field event with sanitation, and a wire round trip (parse + serialise).
 */
import { Event, unserialize } from '../src/message/index.ts';
import { median } from './stats.ts';

function buildEvent(i: number): Event {
  const e = new Event();
  e.add('feed.name', 'Example Feed');
  e.add('feed.url', 'https://example.com/feed.csv');
  e.add('feed.accuracy', 100);
  e.add('time.observation', '2024-05-01T10:00:00+00:00');
  e.add('time.source', '2024-05-01 09:58:12');
  e.add('source.ip', `192.0.${(i >> 8) & 255}.${i & 255}`);
  e.add('source.port', 40000 + (i % 1000));
  e.add('source.asn', 'AS64500');
  e.add('source.fqdn', 'Host-12.Example.COM');
  e.add('source.url', 'hxxp://host-12.example.com/path?q=1');
  e.add('destination.ip', '2001:db8::1');
  e.add('protocol.transport', 'tcp');
  e.add('classification.type', 'scanner');
  e.add('classification.taxonomy', 'information-gathering');
  e.add('raw', `192.0.2.1,host-12.example.com,${i}`);
  return e;
}

export function benchMessage(runs = 5, n = 50_000): Array<{ name: string; perSecond: number }> {
  const build: number[] = [];
  const round: number[] = [];
  const wires = Array.from({ length: 1000 }, (_, i) => buildEvent(i).serialize());
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    for (let i = 0; i < n; i++) buildEvent(i);
    build.push(n / ((performance.now() - t) / 1000));
    t = performance.now();
    for (let i = 0; i < n; i++) unserialize(wires[i % 1000]!).serialize();
    round.push(n / ((performance.now() - t) / 1000));
  }
  return [
    { name: 'Event construction, 15 fields with sanitation', perSecond: median(build) },
    { name: 'JSON round trip (unserialize + serialize)', perSecond: median(round) },
  ];
}
