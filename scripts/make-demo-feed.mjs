// Writes src/demo/sample-feed.csv: a deterministic, realistic-looking blocklist
// (documentation address ranges and example domains only) with a few broken lines.
import { writeFileSync } from 'node:fs';

// mulberry32: a small deterministic generator (32-bit integer arithmetic, no float precision loss).
let seed = 20261123;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];
const nets = ['192.0.2', '198.51.100', '203.0.113'];
const words = ['update', 'secure', 'login', 'cdn', 'files', 'mail', 'portal', 'static', 'api', 'billing'];
const tlds = ['example', 'example.com', 'example.net', 'example.org', 'test'];
const types = ['malware-distribution', 'phishing', 'c2-server', 'scanner', 'spam', 'brute-force'];
// The header comes first: the file collector repeats the first line in every chunk, and the parser skips it.
const lines = ['timestamp,ip,domain,url,type,description'];
const start = Date.UTC(2026, 10, 1);
for (let i = 0; i < 3000; i++) {
  const ip = `${pick(nets)}.${1 + Math.floor(rand() * 254)}`;
  const host = `${pick(words)}${Math.floor(rand() * 90)}.${pick(tlds)}`;
  const type = pick(types);
  const url = type === 'scanner' || type === 'brute-force' ? '' : `http://${host}/${pick(words)}/${Math.floor(rand() * 1e6)}.php`;
  const ts = new Date(start + Math.floor(rand() * 20 * 86400) * 1000).toISOString().replace('.000Z', 'Z');
  lines.push(`${ts},${ip},${host},${url},${type},seen by sensor ${1 + Math.floor(rand() * 8)}`);
  // Feeds repeat themselves: the deduplicator should drop these.
  if (i % 50 === 7) lines.push(lines[lines.length - 1]);
}
lines.splice(1200, 0, '2026-11-05T10:00:00Z,999.0.2.1,broken-ip.example,,scanner,an invalid address');
lines.splice(2400, 0, 'not a timestamp,192.0.2.10,bad-time.example,,scanner,an unparsable time');
writeFileSync(new URL('../src/demo/sample-feed.csv', import.meta.url), `${lines.join('\n')}\n`);
console.log(`${lines.length} lines written`);
