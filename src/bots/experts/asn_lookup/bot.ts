import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineExpert, type Diagnostic } from '../../../bot/declaration.ts';
import { AsnDatabase } from './database.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export const bot = defineExpert({
  module: 'intelmq.bots.experts.asn_lookup.expert',
  name: 'ASN Lookup',
  description: 'Sets *.asn and *.network from a local prefix→ASN table (pyasn IPASN format, longest prefix match); always overwrites.',
  parameters: Type.Object({
    database: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Path of the IPASN file (null: <var state>/asn_lookup/ipasn.dat).' }),
    autoupdate_cached_database: Type.Boolean({ default: true, description: 'Whether --update-database refreshes this bot\'s file.' }),
  }),
  check(params) {
    const path = params.database;
    if (!path || !existsSync(path)) {
      return [{ level: 'warning', message: `File given as parameter 'database' (${String(path)}) does not exist. You may need to trigger first downloading manually.` }];
    }
    if (!statSync(path).isFile()) return [{ level: 'error', message: `Parameter 'database' (${path}) exists, but is not a file.` }];
    const problems: Diagnostic[] = [];
    try {
      AsnDatabase.fromFile(path);
    } catch (error) {
      return [{ level: 'error', message: `Error reading database (${path}): ${(error as Error).message}.` }];
    }
    if (Date.now() - statSync(path).mtimeMs > WEEK_MS) {
      problems.push({ level: 'warning', message: `Database (${path}) is older than one week. Check the auto update.` });
    }
    return problems;
  },
  create(ctx) {
    const path = ctx.params.database ?? join(ctx.paths.varStatePath, 'asn_lookup', 'ipasn.dat');
    let db: AsnDatabase;
    try {
      db = AsnDatabase.fromFile(path);
    } catch (error) {
      throw new Error(`pyasn data file does not exist or could not be accessed in '${path}': ${(error as Error).message}`);
    }
    return {
      process(event, emit) {
        for (const base of ['source', 'destination']) {
          const ip = event.get(`${base}.ip`);
          if (ip === undefined) continue;
          const match = db.lookup(String(ip));
          if (!match) continue;
          if (match.asn) event.add(`${base}.asn`, match.asn, { overwrite: true });
          event.add(`${base}.network`, match.network, { overwrite: true });
        }
        emit(event);
      },
    };
  },
});
