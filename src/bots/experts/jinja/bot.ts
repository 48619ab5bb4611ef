import { accessSync, constants, readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import nunjucks from 'nunjucks';
import { defineExpert } from '../../../bot/declaration.ts';
import type { Event } from '../../../message/index.ts';
import { compilePythonic } from './pythonic.ts';

/** The event as the template's `msg`: `msg['extra']`, `'x' in msg`, `msg.items()` read the live event. */
function messageView(event: Event): Record<string, unknown> {
  return new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => (typeof key === 'string' ? event.get(key) : undefined),
    has: (_t, key) => typeof key === 'string' && event.has(key),
    ownKeys: () => [...event.keys()],
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && event.has(key) ? { value: event.get(key), enumerable: true, configurable: true, writable: false } : undefined,
  });
}

function templateSource(template: string): string {
  if (!template.startsWith('file:///')) return template;
  const path = template.slice('file://'.length);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new Error(`Jinja Template ${path} does not exist or is not readable.`);
  }
  return readFileSync(path, 'utf8');
}

export const bot = defineExpert({
  module: 'intelmq.bots.experts.jinja.expert',
  name: 'Jinja',
  description: 'Sets fields from Jinja templates (inline or file:///path) rendered with the event as `msg`.',
  parameters: Type.Object({
    fields: Type.Record(Type.String(), Type.String(), { default: {}, description: 'Field name → template text or file:///path of a template.' }),
    overwrite: Type.Boolean({ default: false, description: 'Replace fields that already have a value.' }),
  }),
  create(ctx) {
    // Jinja2's Template() does not autoescape.
    const env = new nunjucks.Environment(null, { autoescape: false });
    const templates = Object.entries(ctx.params.fields).map(([field, template]) => {
      const source = templateSource(template);
      try {
        return [field, compilePythonic(source, env, field)] as const;
      } catch (error) {
        throw new Error(`Error parsing Jinja Template for '${field}': ${(error as Error).message}`);
      }
    });
    const overwrite = ctx.params.overwrite;
    return {
      process(event, emit) {
        const msg = messageView(event);
        for (const [field, template] of templates) {
          event.add(field, template.render({ msg }), { overwrite });
        }
        emit(event);
      },
    };
  },
});
