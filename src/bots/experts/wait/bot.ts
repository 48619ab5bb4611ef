import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from '@sinclair/typebox';
import { Redis } from 'ioredis';
import { defineExpert } from '../../../bot/declaration.ts';
import { redisOptionsFromHost } from '../../../bot/cache.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.wait.expert',
  name: 'Wait',
  description: 'Delays each event: until a Redis list (e.g. a bot\'s queue) has at most queue_size entries, or for sleep_time seconds.',
  parameters: Type.Object({
    queue_name: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Redis list to watch; set: queue mode.' }),
    queue_size: Type.Integer({ default: 0, minimum: 0, description: 'Forward once the list has at most this many entries.' }),
    queue_host: Type.String({ default: 'localhost', description: 'Redis host (or unix:// socket) of the watched list.' }),
    queue_port: Type.Integer({ default: 6379, description: 'Redis port of the watched list.' }),
    queue_db: Type.Integer({ default: 2, description: 'Redis database of the watched list.' }),
    queue_password: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Redis password.' }),
    queue_polling_interval: Type.Number({ default: 0.05, minimum: 0, description: 'Seconds between two looks at the list.' }),
    sleep_time: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { default: null, description: 'Seconds to sleep per event (when queue_name is not set).' }),
  }),
  async create(ctx) {
    const p = ctx.params;
    if (p.queue_name) {
      const queue = p.queue_name;
      const redis = new Redis(redisOptionsFromHost(p.queue_host, p.queue_port, p.queue_db, p.queue_password));
      await redis.connect();
      ctx.logger.debug('Wait mode is queue.');
      return {
        async process(event, emit) {
          while ((await redis.llen(queue)) > p.queue_size) await sleep(p.queue_polling_interval * 1000);
          emit(event);
        },
        shutdown() {
          redis.disconnect();
        },
      };
    }
    const seconds = p.sleep_time;
    ctx.logger.debug(`Wait mode is ${seconds ? 'sleep' : 'dummy'}.`);
    return {
      async process(event, emit) {
        if (seconds) await sleep(seconds * 1000);
        emit(event);
      },
    };
  },
});
