/**
 * The documented upgrade path on upstream's own default runtime.yaml: copy it
 * into etc/, run `intelmqctl upgrade-config`, then `intelmqctl check`: every
 * bot is runnable, and the only notices name the bots that need the internet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = new URL('../../', import.meta.url).pathname;
const UPSTREAM = new URL('../../../shared/spec/runtime.example.yaml', import.meta.url).pathname;

test("upstream's default runtime.yaml passes check after upgrade-config; only internet-bound bots are named", { timeout: 120_000 }, (t) => {
  if (!existsSync(UPSTREAM)) {
    t.skip(`upstream runtime.example.yaml not found at ${UPSTREAM}`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'intelmq-upgrade-'));
  const env = { ...process.env, INTELMQ_ROOT_DIR: root };
  const ctl = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/intelmqctl.js'), ...args], { env, encoding: 'utf8', timeout: 60_000 });
  try {
    mkdirSync(join(root, 'etc'), { recursive: true });
    copyFileSync(UPSTREAM, join(root, 'etc/runtime.yaml'));
    const setup = ctl('setup');
    assert.equal(setup.status, 0, setup.stdout + setup.stderr);
    const upgrade = ctl('upgrade-config');
    assert.equal(upgrade.status, 0, upgrade.stdout + upgrade.stderr);
    const check = ctl('check');
    const out = `${check.stdout}${check.stderr}`;
    assert.equal(check.status, 0, out);
    assert.match(out, /No issues found\./);
    assert.doesNotMatch(out, /not importable|not implemented|Incomplete installation/);
    const internet = [...out.matchAll(/^Bot '([^']+)': needs internet access/gm)].map((m) => m[1]).sort();
    assert.deepEqual(internet, ['cymru-whois-expert', 'feodo-tracker-collector', 'gethostbyname-1-expert', 'gethostbyname-2-expert', 'spamhaus-drop-collector']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
