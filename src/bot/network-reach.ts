/**
 * What `intelmqctl check` says about bots that reach out of the machine, so an
 * operator (and a test on a closed network) knows which bots need the internet.
 */
import type { Diagnostic } from './declaration.ts';

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;

/** True for loopback hosts and unix sockets. */
export function isLocalHost(host: string): boolean {
  return host.startsWith('/') || LOCAL_HOST.test(host);
}

export function internetNotice(what: string): Diagnostic {
  return { level: 'info', message: `needs internet access: ${what}.` };
}

/** A notice when the URL points off this machine. */
export function urlReachNotice(url: string, what: string): Diagnostic[] {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return [];
  }
  return isLocalHost(host) ? [] : [internetNotice(`${what} ${url}`)];
}

/** A notice unless every configured DNS server is on this machine. */
export function dnsReachNotice(servers: unknown, what: string): Diagnostic[] {
  const list = servers === null || servers === undefined ? [] : Array.isArray(servers) ? servers.map(String) : [String(servers)];
  const local = list.length > 0 && list.every((s) => isLocalHost(s.replace(/:\d+$/, '')));
  return local ? [] : [internetNotice(`${what} (DNS${list.length ? ` via ${list.join(', ')}` : ' via the system resolver'})`)];
}
