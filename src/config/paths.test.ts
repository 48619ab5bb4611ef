import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseRoot, resolvePaths, userFallbackRoot } from './paths.ts';

test('default is the /opt layout', () => {
  const p = resolvePaths({});
  assert.equal(p.mode, 'opt');
  assert.equal(p.root, '/opt/intelmq/');
  assert.equal(p.configDir, '/opt/intelmq/etc/');
  assert.equal(p.loggingPath, '/opt/intelmq/var/log/');
  assert.equal(p.varRunPath, '/opt/intelmq/var/run/');
  assert.equal(p.varStatePath, '/opt/intelmq/var/lib/bots/');
  assert.equal(p.stateFilePath, '/opt/intelmq/var/lib/state.json');
  assert.equal(p.runtimeFile, '/opt/intelmq/etc/runtime.yaml');
  assert.equal(p.harmonizationFile, '/opt/intelmq/etc/harmonization.conf');
  assert.ok(Object.isFrozen(p));
});

test('INTELMQ_ROOT_DIR selects opt mode with that root, even with INTELMQ_PATHS_NO_OPT', () => {
  const p = resolvePaths({ INTELMQ_ROOT_DIR: '/srv/imq', INTELMQ_PATHS_NO_OPT: '1' });
  assert.equal(p.mode, 'opt');
  assert.equal(p.root, '/srv/imq/');
  assert.equal(p.loggingPath, '/srv/imq/var/log/');
  assert.equal(p.runtimeFile, '/srv/imq/etc/runtime.yaml');
});

test('INTELMQ_PATHS_NO_OPT selects the LSB layout', () => {
  const p = resolvePaths({ INTELMQ_PATHS_NO_OPT: '1' });
  assert.equal(p.mode, 'lsb');
  assert.equal(p.configDir, '/etc/intelmq/');
  assert.equal(p.loggingPath, '/var/log/intelmq/');
  assert.equal(p.varRunPath, '/var/run/intelmq/');
  assert.equal(p.varStatePath, '/var/lib/intelmq/bots/');
  assert.equal(p.stateFilePath, '/var/lib/intelmq/state.json');
  assert.equal(p.runtimeFile, '/etc/intelmq/runtime.yaml');
});

test('INTELMQ_PATHS_OPT overrides INTELMQ_PATHS_NO_OPT', () => {
  assert.equal(resolvePaths({ INTELMQ_PATHS_NO_OPT: '1', INTELMQ_PATHS_OPT: '1' }).mode, 'opt');
});

test('userFallbackRoot honours an absolute XDG_DATA_HOME only', () => {
  assert.equal(userFallbackRoot({ XDG_DATA_HOME: '/x/data', HOME: '/home/u' }), '/x/data/intelmq/');
  assert.equal(userFallbackRoot({ XDG_DATA_HOME: 'relative', HOME: '/home/u' }), '/home/u/.local/share/intelmq/');
  assert.equal(userFallbackRoot({ HOME: '/home/u' }), '/home/u/.local/share/intelmq/');
});

test('chooseRoot: environment, then /opt/intelmq if writable, else the user directory', () => {
  const explicit = chooseRoot({ INTELMQ_ROOT_DIR: '/srv/x' }, () => false);
  assert.equal(explicit.root, '/srv/x/');
  assert.match(explicit.reason, /INTELMQ_ROOT_DIR/);

  const lsb = chooseRoot({ INTELMQ_PATHS_NO_OPT: '1' }, () => false);
  assert.equal(lsb.paths.mode, 'lsb');

  const opt = chooseRoot({ HOME: '/home/u' }, (dir) => dir === '/opt/intelmq/');
  assert.equal(opt.root, '/opt/intelmq/');
  assert.equal(opt.paths.configDir, '/opt/intelmq/etc/');

  const fallback = chooseRoot({ HOME: '/home/u' }, () => false);
  assert.equal(fallback.root, '/home/u/.local/share/intelmq/');
  assert.equal(fallback.paths.loggingPath, '/home/u/.local/share/intelmq/var/log/');
  assert.match(fallback.reason, /not writable/);
});
