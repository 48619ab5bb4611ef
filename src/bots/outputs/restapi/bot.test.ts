import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startServer } from '../../collectors/_shared/testing-server.ts';
import { SAMPLE, event, runOutput } from '../_shared/testing.ts';
import { bot } from './bot.ts';

test('POSTs the event as JSON with basic auth; raw dropped, floats as floats', async () => {
  const srv = await startServer((_req, res) => res.end('ok'));
  try {
    const r = await runOutput(bot, { host: `${srv.url}/events`, auth_token_name: 'user', auth_token: 'pw' }, [event(SAMPLE)]);
    assert.equal(r.dumps.length, 0);
    const req = srv.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/events');
    assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(req.headers['authorization'], `Basic ${Buffer.from('user:pw').toString('base64')}`);
    const body = req.body.toString('utf8');
    assert.match(body, /"feed\.accuracy": 90\.5/);
    assert.match(body, /"extra\.tag": "\\u00e4\\u20ac"/);
    const parsed = JSON.parse(body);
    assert.equal(parsed['source.ip'], '192.0.2.1');
    assert.ok(!('raw' in parsed));
  } finally {
    await srv.close();
  }
});

test('http_header auth, hierarchical JSON and form encoding', async () => {
  const srv = await startServer((_req, res) => res.end());
  try {
    await runOutput(bot, { host: srv.url, auth_type: 'http_header', auth_token_name: 'X-Api-Key', auth_token: 'k', hierarchical_output: true }, [event(SAMPLE)]);
    assert.equal(srv.requests[0]!.headers['x-api-key'], 'k');
    assert.equal(JSON.parse(srv.requests[0]!.body.toString()).source.port, 8080);
    await runOutput(bot, { host: srv.url, use_json: false }, [event(SAMPLE)]);
    const form = new URLSearchParams(srv.requests[1]!.body.toString());
    assert.equal(srv.requests[1]!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(form.get('source.port'), '8080');
    assert.equal(form.get('feed.accuracy'), '90.5');
    assert.equal(form.get('raw'), null);
  } finally {
    await srv.close();
  }
});

test('a non-2xx answer and an unreachable server fail the event, which is dumped', async () => {
  const srv = await startServer((_req, res) => {
    res.statusCode = 422;
    res.end('bad');
  });
  const down = await freePort();
  try {
    const e = event(SAMPLE);
    const rejected = await runOutput(bot, { host: srv.url }, [e]);
    assert.equal(rejected.dumps[0]!.message, e.serialize());
    assert.match(String(rejected.dumps[0]!.traceback), /422 Client Error for url: http:\/\/127\.0\.0\.1/);
    const unreachable = await runOutput(bot, { host: `http://127.0.0.1:${down}/x`, http_timeout_max_tries: 2 }, [e]);
    assert.equal(unreachable.dumps.length, 1);
    assert.match(String(unreachable.dumps[0]!.traceback), new RegExp(`POST http://127\\.0\\.0\\.1:${down}/x \\(host 127\\.0\\.0\\.1, port ${down}\\) failed after 2 tries: .*ECONNREFUSED`));
  } finally {
    await srv.close();
  }
});
