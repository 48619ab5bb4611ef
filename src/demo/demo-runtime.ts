/**
 * The demo botnet: file collector → generic CSV parser → taxonomy →
 * deduplicator → url2fqdn → file output, on the embedded broker (and the
 * embedded cache for the deduplicator, so no server is needed).
 */
import { join } from 'node:path';
import type { IntelMQPaths } from '../config/paths.ts';

/** The generic CSV parser's parameters for the sample feed's columns (also the benchmark's feed). */
export const SAMPLE_FEED_PARSER_PARAMETERS = {
  columns: ['time.source', 'source.ip', 'source.fqdn', 'source.url', 'classification.type', 'event_description.text'],
  skip_header: true,
  delimiter: ',',
  time_format: 'fuzzy',
} as const;

export const DEMO_BOTS = ['demo-file-collector', 'demo-csv-parser', 'demo-taxonomy', 'demo-deduplicator', 'demo-url2fqdn', 'demo-file-output'] as const;

export function demoInputDir(paths: IntelMQPaths): string {
  return join(paths.varStatePath, 'demo-input');
}

export function demoOutputFile(paths: IntelMQPaths): string {
  return join(paths.varStatePath, 'file-output', 'demo-events.txt');
}

export function demoRuntime(paths: IntelMQPaths): Record<string, unknown> {
  const next = (id: string) => ({ _default: [`${id}-queue`] });
  return {
    global: {
      source_pipeline_broker: 'embedded',
      destination_pipeline_broker: 'embedded',
      process_manager: 'intelmq',
      error_retry_delay: 5,
      logging_level: 'INFO',
    },
    'demo-file-collector': {
      name: 'Demo feed',
      group: 'Collector',
      module: 'intelmq.bots.collectors.file.collector_file',
      description: 'Reads the demo feed files dropped into the input directory.',
      parameters: {
        path: demoInputDir(paths),
        postfix: '.csv',
        delete_file: true,
        chunk_size: 65536,
        chunk_replicate_header: true,
        rate_limit: 10,
        provider: 'intelmq-ts demo',
        destination_queues: next('demo-csv-parser'),
      },
    },
    'demo-csv-parser': {
      name: 'Generic CSV',
      group: 'Parser',
      module: 'intelmq.bots.parsers.generic.parser_csv',
      description: 'Maps the demo feed columns to IntelMQ fields.',
      parameters: { ...SAMPLE_FEED_PARSER_PARAMETERS, destination_queues: next('demo-taxonomy') },
    },
    'demo-taxonomy': {
      name: 'Taxonomy',
      group: 'Expert',
      module: 'intelmq.bots.experts.taxonomy.expert',
      description: 'Adds classification.taxonomy.',
      parameters: { destination_queues: next('demo-deduplicator') },
    },
    'demo-deduplicator': {
      name: 'Deduplicator',
      group: 'Expert',
      module: 'intelmq.bots.experts.deduplicator.expert',
      description: 'Drops events seen within the last day.',
      parameters: { filter_type: 'blacklist', filter_keys: 'raw,time.observation', redis_cache_ttl: 86400, destination_queues: next('demo-url2fqdn') },
    },
    'demo-url2fqdn': {
      name: 'URL2FQDN',
      group: 'Expert',
      module: 'intelmq.bots.experts.url2fqdn.expert',
      description: 'Derives source.fqdn from source.url where missing.',
      parameters: { destination_queues: next('demo-file-output') },
    },
    'demo-file-output': {
      name: 'File',
      group: 'Output',
      module: 'intelmq.bots.outputs.file.output',
      description: 'Writes one JSON line per event.',
      parameters: { file: demoOutputFile(paths) },
    },
  };
}
