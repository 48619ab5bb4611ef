import { connect } from 'node:net';
import type { TestContext } from 'node:test';

/** Resolves when the service answers, rejects with the reason otherwise. */
export type Probe = () => Promise<void>;

const verdicts = new Map<string, Promise<string | null>>();

/**
 * Gate for tests needing a real service (never a mock). When the service is
 * unreachable the test is skipped with a loud reason, unless
 * INTELMQ_TEST_SERVICES=required (CI with services), where it fails.
 * `name` should say where, e.g. `redis at 127.0.0.1:6379`; each name is
 * probed once per process.
 *
 *   if (!(await requireService(t, 'redis at 127.0.0.1:6379', tcpProbe('127.0.0.1', 6379)))) return;
 */
export async function requireService(t: TestContext, name: string, probe: Probe): Promise<boolean> {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    verdict = probe().then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    verdicts.set(name, verdict);
  }
  const reason = await verdict;
  if (reason === null) return true;
  const message = `${name} unreachable (${reason})`;
  if (process.env['INTELMQ_TEST_SERVICES'] === 'required') throw new Error(`${message}; INTELMQ_TEST_SERVICES=required`);
  process.stderr.write(`SKIPPED: ${t.name}: ${message}\n`);
  t.skip(message);
  return false;
}

/** A TCP connect within `timeoutMs`: enough to tell whether a server listens. */
export function tcpProbe(host: string, port: number, timeoutMs = 1000): Probe {
  return () =>
    new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
    });
}
