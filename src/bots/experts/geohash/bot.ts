import { Type } from '@sinclair/typebox';
import ngeohash from 'ngeohash';
import { defineExpert } from '../../../bot/declaration.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.geohash.expert',
  name: 'Geohash',
  description: 'Computes the geohash of *.geolocation.latitude/longitude into extra.(source|destination).geolocation.geohash.',
  parameters: Type.Object({
    overwrite: Type.Boolean({ default: false, description: 'Replace an existing geohash.' }),
    precision: Type.Integer({ default: 7, minimum: 1, description: 'Length of the geohash in characters.' }),
  }),
  create(ctx) {
    const { overwrite, precision } = ctx.params;
    return {
      process(event, emit) {
        for (const base of ['source.geolocation.', 'destination.geolocation.']) {
          const latitude = event.get(`${base}latitude`);
          const longitude = event.get(`${base}longitude`);
          if (latitude === undefined || longitude === undefined) continue;
          event.add(`extra.${base}geohash`, ngeohash.encode(Number(latitude), Number(longitude), precision), { overwrite });
        }
        emit(event);
      },
    };
  },
});
