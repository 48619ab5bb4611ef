/**
 * The CAP format before 2019: `report|ip|asn|timestamp|comments|asn_name`,
 * comments free text per report type.
 */
import type { Event } from '../../../message/index.ts';
import { pyInt } from '../shadowserver/conversions.ts';

const MALWARE_REPORTS = new Set(['blaster', 'dameware', 'dipnet', 'mydoom', 'nachi', 'phatbot', 'sinit', 'slammer']);

/**
 * `[srcport <PORT>] [mwtype <TYPE>] [destaddr <IPADDR>] [comment]`; the type
 * may contain spaces, words after the address are a free comment.
 */
export function addBotComment(event: Event, comment: string): void {
  const results = new Map<string, string>();
  const description: string[] = [];
  let key: string | undefined;
  let value: string[] = [];
  for (const part of [...comment.split(' '), null]) {
    const keyword = part === 'dstaddr' ? 'destaddr' : part;
    if (keyword === null || keyword === 'srcport' || keyword === 'mwtype' || keyword === 'destaddr') {
      if (key && value.length) results.set(key, value.join(' '));
      key = keyword ?? undefined;
      value = [];
    } else if (key === 'destaddr' && value.length === 1) {
      description.push(keyword);
    } else {
      value.push(keyword);
    }
  }
  for (const [kind, v] of results) {
    if (kind === 'srcport') event.add('extra.source_port', pyInt(v), { overwrite: true });
    else if (kind === 'mwtype') {
      event.add('classification.identifier', v.toLowerCase(), { overwrite: true });
      event.add('malware.name', v.toLowerCase(), { overwrite: true });
    } else event.add('destination.ip', v, { overwrite: true });
  }
  if (description.length) event.add('event_description.text', description.join(' '));
}

function notImplemented(type: string, what: string): never {
  throw new Error(`Can't properly parse report '${type}', ${what}.`);
}

/** Fills the event for one legacy line; throws for report types whose format is unknown. */
export function parseLegacy(event: Event, line: string): void {
  const parts = line.split('|');
  if (parts.length !== 6) throw new Error(`Expected 6 fields separated by '|', got ${parts.length}: '${line}'.`);
  const [type, ip, asn, timestamp, comments, asName] = parts as [string, string, string, string, string, string];
  const words = comments.split(' ');
  event.add('source.ip', ip);
  if (asn !== '0') event.add('source.asn', asn);
  event.add('time.source', `${timestamp} GMT`);
  event.add('source.as_name', asName);
  const set = (fields: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(fields)) event.add(k, v, { overwrite: true });
  };
  if (type === 'beagle') {
    set({ 'classification.type': 'malware', 'classification.identifier': 'beagle', 'malware.name': 'beagle' });
    if (comments.length) notImplemented(type, 'not know how to parse comment');
  } else if (MALWARE_REPORTS.has(type)) {
    set({ 'classification.type': 'malware', 'classification.identifier': type, 'malware.name': type });
  } else if (type === 'bots') {
    set({ 'classification.type': 'infected-system' });
    addBotComment(event, comments);
  } else if (type === 'bruteforce') {
    set({ 'classification.type': 'brute-force', 'classification.identifier': comments, 'protocol.application': comments });
  } else if (type === 'ddosreport') {
    notImplemented(type, 'format is unknown');
  } else if (type === 'defacement') {
    set({ 'classification.type': 'unauthorised-information-modification', 'classification.identifier': type, 'source.url': words[0], 'extra.zoneh.id': words[1] });
  } else if (type === 'fastflux') {
    set({ 'classification.type': 'system-compromise', 'classification.identifier': type, 'source.reverse_dns': comments || null });
  } else if (type === 'malwareurl') {
    set({ 'source.url': words[0], 'classification.type': 'malware', 'classification.identifier': 'malwareurl' });
  } else if (type === 'openresolvers') {
    set({ 'classification.type': 'vulnerable-system', 'classification.identifier': 'dns-open-resolver', 'protocol.application': 'dns' });
  } else if (type === 'phishing') {
    set({ 'classification.type': 'phishing', 'classification.identifier': 'phishing', 'source.url': comments });
  } else if (type === 'proxy') {
    // The comment is not a port but e.g. "HTTP CONNECT (8080)".
    set({ 'classification.type': 'proxy', 'classification.identifier': 'openproxy', 'extra.request': comments });
  } else if (type === 'routers') {
    set({ 'classification.type': 'system-compromise', 'classification.identifier': comments || null });
  } else if (type === 'scanners') {
    let port: number;
    try {
      port = pyInt(comments);
    } catch {
      notImplemented(type, 'format for multiple ports is unknown');
    }
    set({ 'classification.type': 'scanner', 'classification.identifier': 'scanner', 'source.port': port });
  } else if (type === 'spam') {
    set({ 'classification.type': 'spam', 'classification.identifier': 'spam' });
    if (comments.length) notImplemented(type, 'not know how to parse comment');
  } else if (type === 'spreaders') {
    set({ 'source.url': words[0], 'malware.hash.md5': words.length === 2 ? words[1] : null, 'classification.type': 'malware', 'classification.identifier': 'spreader' });
  } else if (type === 'stormworm') {
    addStormworm(event, words);
  } else if (type === 'toxbot') {
    set({ 'classification.type': 'infected-system', 'classification.identifier': type, 'malware.name': type, 'extra.source_port': pyInt(words[1] ?? '') });
  } else {
    throw new Error(`Unknown report '${type}'.`);
  }
}

/** `confidence:<N> [legacy|crypto] [srcport <PORT>]`: confidence (0-5) scales feed.accuracy. */
function addStormworm(event: Event, words: string[]): void {
  let accuracy = Number(event.get('feed.accuracy') ?? 100);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('confidence:')) accuracy *= pyInt(w.slice('confidence:'.length)) / 5;
    else if (w === 'legacy' || w === 'crypto') event.add('malware.version', w, { overwrite: true });
    else if (w === 'srcport') {
      event.add('extra.source_port', pyInt(words[i + 1] ?? ''), { overwrite: true });
      break;
    }
  }
  event.add('feed.accuracy', accuracy, { overwrite: true });
}
