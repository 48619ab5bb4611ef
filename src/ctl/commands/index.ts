/** Every intelmqctl action, in the order `intelmqctl --help` lists them. */
import type { Register } from '../program.ts';
import { register as start } from './start.ts';
import { register as stop } from './stop.ts';
import { register as restart } from './restart.ts';
import { register as reload } from './reload.ts';
import { register as status } from './status.ts';
import { register as run } from './run.ts';
import { register as list } from './list.ts';
import { register as clear } from './clear.ts';
import { register as log } from './log.ts';
import { register as check } from './check.ts';
import { register as configtest } from './configtest.ts';
import { register as upgradeConfig } from './upgrade-config.ts';
import { register as debug } from './debug.ts';
import { register as enable } from './enable.ts';
import { register as disable } from './disable.ts';
import { register as installUnits } from './install-units.ts';
import { register as scheduleOnboot } from './schedule-onboot.ts';
import { register as completion } from './completion.ts';
import { register as setup } from './setup.ts';

export const COMMANDS: readonly Register[] = [
  start,
  stop,
  restart,
  reload,
  status,
  run,
  list,
  clear,
  log,
  check,
  configtest,
  upgradeConfig,
  debug,
  enable,
  disable,
  installUnits,
  scheduleOnboot,
  completion,
  setup,
];
