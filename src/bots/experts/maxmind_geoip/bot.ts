import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Reader, type CityResponse } from 'maxmind';
import { defineExpert } from '../../../bot/declaration.ts';

export const bot = defineExpert({
  module: 'intelmq.bots.experts.maxmind_geoip.expert',
  name: 'MaxMind GeoIP',
  description: 'Sets *.geolocation.cc, latitude, longitude and city from a local GeoLite2/GeoIP2 City database (mmdb).',
  parameters: Type.Object({
    database: Type.Union([Type.String(), Type.Null()], { default: null, description: 'Path of the .mmdb file (null: <var state>/maxmind_geoip/GeoLite2-City.mmdb).' }),
    overwrite: Type.Boolean({ default: false, description: 'Replace geolocation fields that already have a value.' }),
    use_registered: Type.Boolean({ default: false, description: 'Take the country the network is registered in instead of where it is located.' }),
    license_key: Type.Union([Type.String(), Type.Null()], { default: null, description: 'MaxMind license key, for downloading the database.' }),
    autoupdate_cached_database: Type.Boolean({ default: true, description: 'Whether database updates refresh this bot\'s file.' }),
  }),
  create(ctx) {
    const path = ctx.params.database ?? join(ctx.paths.varStatePath, 'maxmind_geoip', 'GeoLite2-City.mmdb');
    let reader: Reader<CityResponse>;
    try {
      reader = new Reader<CityResponse>(readFileSync(path));
    } catch (error) {
      throw new Error(`GeoIP Database does not exist or could not be accessed in '${path}': ${(error as Error).message}`);
    }
    const { overwrite, use_registered: registered } = ctx.params;
    return {
      process(event, emit) {
        for (const base of ['source', 'destination']) {
          const ip = event.get(`${base}.ip`);
          if (ip === undefined) continue;
          const info = reader.get(String(ip));
          // Not in the database: nothing to add, as upstream's AddressNotFoundError.
          if (!info) continue;
          const geo = `${base}.geolocation`;
          const cc = registered ? info.registered_country?.iso_code : info.country?.iso_code;
          if (cc) event.add(`${geo}.cc`, cc, { overwrite });
          // Upstream tests truthiness, so 0.0 (equator, prime meridian) is left out too.
          if (info.location?.latitude) event.add(`${geo}.latitude`, info.location.latitude, { overwrite });
          if (info.location?.longitude) event.add(`${geo}.longitude`, info.location.longitude, { overwrite });
          const city = info.city?.names?.en;
          if (city) event.add(`${geo}.city`, city, { overwrite });
        }
        emit(event);
      },
    };
  },
});
