/**
 * Detached-signature check with the gpg binary, reading the status lines
 * python-gnupg reads (`--status-fd`), so validity and trust mean the same.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Verification {
  valid: boolean;
  keyId: string | null;
  status: string;
  /** 0 undefined … 4 ultimate, null when gpg did not say. */
  trustLevel: number | null;
}

const TRUST: Readonly<Record<string, number>> = { TRUST_UNDEFINED: 0, TRUST_NEVER: 1, TRUST_MARGINAL: 2, TRUST_FULLY: 3, TRUST_ULTIMATE: 4 };
const STATUS: Readonly<Record<string, string>> = {
  GOODSIG: 'signature good',
  BADSIG: 'signature bad',
  ERRSIG: 'signature error',
  EXPSIG: 'signature expired',
  EXPKEYSIG: 'signature good, but key expired',
  REVKEYSIG: 'signature good, but key revoked',
  NO_PUBKEY: 'no public key',
  NODATA: 'signature expected but not found',
};

export function gpgAvailable(): boolean {
  return spawnSync('gpg', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function verifyDetached(data: Buffer, signature: Buffer, keyring: string | null): Promise<Verification> {
  const dir = mkdtempSync(join(tmpdir(), 'intelmq-sig-'));
  const sigFile = join(dir, 'signature');
  writeFileSync(sigFile, signature);
  try {
    const args = ['--batch', '--no-tty', '--status-fd', '1'];
    if (keyring) args.push('--no-default-keyring', '--keyring', keyring);
    args.push('--verify', sigFile, '-');
    const status = await runGpg(args, data);
    return parseStatus(status);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runGpg(args: string[], input: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('gpg', args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', (e) => reject(new Error(`Cannot run gpg: ${e.message}`)));
    // gpg exits non-zero for bad or unverifiable signatures; the status lines tell which.
    child.on('close', () => resolve(out));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

export function parseStatus(text: string): Verification {
  const result: Verification = { valid: false, keyId: null, status: 'no signature found', trustLevel: null };
  for (const line of text.split('\n')) {
    const m = /^\[GNUPG:\] (\S+)(?: (\S+))?/.exec(line);
    if (!m) continue;
    const [, keyword, arg] = m as unknown as [string, string, string | undefined];
    if (keyword in TRUST) result.trustLevel = TRUST[keyword]!;
    const status = STATUS[keyword];
    if (!status) continue;
    result.status = status;
    result.keyId = arg ?? result.keyId;
    result.valid = keyword === 'GOODSIG';
  }
  return result;
}
