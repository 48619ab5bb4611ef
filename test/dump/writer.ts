/**
 * A bot's side of a dump file for the concurrency test: appends entries
 * every few milliseconds until SIGTERM, then prints how many it wrote.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { appendDump } from '../../src/log/dump-file.ts';

const [path, queue] = process.argv.slice(2);
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});
let written = 0;
while (!stopping) {
  await appendDump(path!, {
    bot_id: 'taxonomy-expert',
    source_queue: queue!,
    traceback: ['Traceback (most recent call last):\n', `ValueError: concurrent ${written}\n`],
    message: JSON.stringify({ __type: 'Event', 'classification.type': 'phishing', 'extra.n': written }),
  });
  written++;
  await sleep(15);
}
process.stdout.write(`${written}\n`);
