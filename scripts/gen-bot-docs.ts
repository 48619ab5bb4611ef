/**
 * Generates the operator reference from the schemas, which are the one source:
 *
 *   docs/bots/collectors.md, parsers.md, experts.md, outputs.md
 *       one section per registered bot (src/bots/registry.ts): module, name,
 *       description, multithreading, parameter table;
 *   docs/bots/README.md
 *       index with counts;
 *   docs/configuration-globals.md
 *       every generic parameter / global key of src/config/global-defaults.ts.
 *
 * Run `node --import tsx scripts/gen-bot-docs.ts` after adding or changing a
 * bot or a generic parameter; scripts/gen-bot-docs.test.ts fails while the
 * committed files differ from what this produces. Output is deterministic (no
 * dates), so regenerating without changes changes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BotDeclaration, BotKind } from '../src/bot/declaration.ts';
import { listBotModules, loadBot } from '../src/bots/registry.ts';
import { GenericParameters, isGenericParameter } from '../src/config/global-defaults.ts';

/** The command that rewrites the generated files; quoted in their headers and in the test's failure message. */
export const REGEN_COMMAND = 'node --import tsx scripts/gen-bot-docs.ts';

/** The repository root (this file lives in `<root>/scripts/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const KINDS: readonly BotKind[] = ['collector', 'parser', 'expert', 'output'];

const KIND_TITLES: Readonly<Record<BotKind, string>> = {
  collector: 'Collectors',
  parser: 'Parsers',
  expert: 'Experts',
  output: 'Outputs',
};

const KIND_INTROS: Readonly<Record<BotKind, string>> = {
  collector: 'Collectors fetch data (files, URLs, mailboxes, sockets) and send it as reports. They have no source queue.',
  parser: 'Parsers turn the reports of a collector into events.',
  expert: 'Experts enrich, filter or route events.',
  output: 'Outputs write events to their destination (files, databases, other systems). They have no destination queue.',
};

/** Relative path (from the repository root) of a kind's page. */
export function kindFile(kind: BotKind): string {
  return `docs/bots/${kind}s.md`;
}

export const INDEX_FILE = 'docs/bots/README.md';
export const GLOBALS_FILE = 'docs/configuration-globals.md';

// ---------------------------------------------------------------------------
// Rendering schema fragments as Markdown

type Schema = Readonly<Record<string, unknown>>;

function generatedHeader(source: string): string {
  return `<!-- Generated from ${source} by \`${REGEN_COMMAND}\`. Do not edit by hand: change the schema and regenerate. -->\n`;
}

/**
 * Text for a Markdown table cell: no line breaks, `|` escaped; outside code
 * spans also `<`/`>` (else `<bot-id>` vanishes as an HTML tag) and emphasis
 * characters at word boundaries (`*_pipeline_*`, `_default`).
 */
export function cellText(text: string): string {
  const flat = text.replace(/\r?\n+/g, ' ').trim();
  return flat
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part.replace(/\|/g, '\\|');
      return part
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\*/g, '\\*')
        .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
    })
    .join('');
}

/** A value as an inline code span that survives a table cell. */
export function codeValue(value: unknown): string {
  const json = value === undefined ? 'unset' : JSON.stringify(value);
  const text = (json ?? String(value)).replace(/\|/g, '\\|');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** `^([eE][mM]…|[rR]…)$` (case-insensitive word list as a JSON Schema pattern) → the words, else null. */
function caseInsensitiveWords(pattern: string): string[] | null {
  const match = /^\^\((.*)\)\$$/.exec(pattern);
  if (!match) return null;
  const words: string[] = [];
  for (const alternative of (match[1] as string).split('|')) {
    let word = '';
    for (const token of alternative.match(/\[(.)(.)\]|[^[\]]/g) ?? []) {
      if (token.length === 1) {
        word += token;
        continue;
      }
      const [, a = '', b = ''] = /^\[(.)(.)\]$/.exec(token) ?? [];
      if (a.toLowerCase() !== b.toLowerCase()) return null;
      word += a.toLowerCase();
    }
    words.push(word);
  }
  return words;
}

function range(schema: Schema): string {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (typeof min === 'number' && typeof max === 'number') return ` ${min}..${max}`;
  if (typeof min === 'number') return schema.exclusiveMinimum !== undefined ? ` > ${min}` : ` >= ${min}`;
  if (typeof max === 'number') return ` <= ${max}`;
  return '';
}

/** A nested type, in parentheses when it is itself a union. */
function innerType(schema: Schema): string {
  const text = typeText(schema);
  return / or |\\\|/.test(text) ? `(${text})` : text;
}

/** Short human type of a schema fragment: `integer >= 0`, `string or null`, `"a" \| "b"`, `list of string`. */
export function typeText(schema: Schema): string {
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf)) {
    const parts = anyOf as Schema[];
    // A union of literals is an enumeration.
    if (parts.every((p) => p.const !== undefined)) return parts.map((p) => JSON.stringify(p.const)).join(' \\| ');
    const literals = parts.filter((p) => p.const !== undefined);
    const others = parts.filter((p) => p.const === undefined).map(typeText);
    const all = literals.length ? [literals.map((p) => JSON.stringify(p.const)).join(' \\| '), ...others] : others;
    return [...new Set(all)].join(' or ');
  }
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' \\| ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'string': {
      if (typeof schema.pattern === 'string') {
        const words = caseInsensitiveWords(schema.pattern);
        if (words) return `${words.map((w) => JSON.stringify(w)).join(' \\| ')} (any case)`;
        return `string matching \`${schema.pattern.replace(/\|/g, '\\|')}\``;
      }
      return 'string';
    }
    case 'integer':
    case 'number':
      return `${schema.type}${range(schema)}`;
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(schema.items)) return `list of ${(schema.items as Schema[]).length} (${(schema.items as Schema[]).map(typeText).join(', ')})`;
      if (schema.items && typeof schema.items === 'object') return `list of ${innerType(schema.items as Schema)}`;
      return 'list';
    }
    case 'object': {
      const patterns = schema.patternProperties;
      if (patterns && typeof patterns === 'object') {
        const values = Object.values(patterns as Record<string, Schema>).map(innerType);
        return `mapping of ${[...new Set(values)].join(' or ')}`;
      }
      return 'mapping';
    }
    default:
      return 'any';
  }
}

function propertiesOf(schema: Schema): [string, Schema][] {
  const properties = schema.properties;
  return properties && typeof properties === 'object' ? Object.entries(properties as Record<string, Schema>) : [];
}

function parameterTable(properties: readonly [string, Schema][], note?: (key: string) => string): string {
  const rows = properties.map(([key, schema]) => {
    const description = typeof schema.description === 'string' ? cellText(schema.description) : '';
    const extra = note?.(key) ?? '';
    return `| \`${key}\` | ${typeText(schema)} | ${codeValue(schema.default)} | ${description}${extra} |`;
  });
  return ['| Parameter | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

// ---------------------------------------------------------------------------
// Bot pages

/**
 * Whether `instances_threads > 1` is accepted; mirrors the check in
 * src/runtime/bot-process.ts (collectors never, other bots unless they
 * declare `multithreadable: false`).
 */
export function acceptsWorkers(declaration: BotDeclaration): boolean {
  return declaration.kind !== 'collector' && declaration.multithreadable !== false;
}

/** HTML anchor of a bot's section: the module name with dots as dashes. */
export function botAnchor(module: string): string {
  return module.replace(/[^A-Za-z0-9_-]/g, '-');
}

export interface LoadedBot {
  readonly declaration: BotDeclaration;
  /** Registry names that resolve to this declaration besides its own module name. */
  readonly aliases: readonly string[];
}

/** Every registered bot once (aliases folded in), sorted by module name. */
export async function loadRegisteredBots(): Promise<LoadedBot[]> {
  const byModule = new Map<string, { declaration: BotDeclaration; aliases: Set<string> }>();
  for (const name of listBotModules()) {
    const declaration = await loadBot(name);
    const entry = byModule.get(declaration.module) ?? { declaration, aliases: new Set<string>(declaration.aliases ?? []) };
    if (name !== declaration.module) entry.aliases.add(name);
    byModule.set(declaration.module, entry);
  }
  return [...byModule.values()]
    .map(({ declaration, aliases }) => ({ declaration, aliases: [...aliases].filter((a) => a !== declaration.module).sort() }))
    .sort((a, b) => (a.declaration.module < b.declaration.module ? -1 : a.declaration.module > b.declaration.module ? 1 : 0));
}

function botSection(bot: LoadedBot): string {
  const d = bot.declaration;
  const lines: string[] = [];
  lines.push(`<a id="${botAnchor(d.module)}"></a>`);
  lines.push(`## ${d.name}`);
  lines.push('');
  lines.push(`Module: \`${d.module}\``);
  if (bot.aliases.length) lines.push(`\nAlso accepted as: ${bot.aliases.map((a) => `\`${a}\``).join(', ')}`);
  lines.push('');
  lines.push(d.description.trim() || '(No description.)');
  lines.push('');
  const workers = acceptsWorkers(d)
    ? 'yes: `instances_threads: N` runs N workers in the bot process.'
    : d.kind === 'collector'
      ? 'no (collectors run one worker; `instances_threads` > 1 makes the bot refuse to start).'
      : 'no (`instances_threads` > 1 makes the bot refuse to start).';
  lines.push(`Multithreading: ${workers}`);
  lines.push('');
  const properties = propertiesOf(d.parameters as unknown as Schema);
  if (properties.length === 0) {
    lines.push('Parameters: none besides the [generic parameters](../configuration-globals.md).');
  } else {
    lines.push('Parameters (besides the [generic parameters](../configuration-globals.md)):');
    lines.push('');
    lines.push(parameterTable(properties, (key) => (isGenericParameter(key) ? ' (This bot\'s own default for a generic parameter.)' : '')));
  }
  return lines.join('\n');
}

function kindPage(kind: BotKind, bots: readonly LoadedBot[]): string {
  const mine = bots.filter((b) => b.declaration.kind === kind);
  const parts: string[] = [generatedHeader('the bot declarations (src/bots/registry.ts)')];
  parts.push(`# ${KIND_TITLES[kind]}\n`);
  parts.push(`${KIND_INTROS[kind]}\n`);
  parts.push(
    'Use the module name as `module:` of the bot in `runtime.yaml` and set the parameters under `parameters:`. ' +
      'Defaults shown are used when a parameter is not set in the bot section, the `global` section or an `INTELMQ_<NAME>` environment variable.\n',
  );
  if (mine.length === 0) {
    parts.push(`No ${kind} bots are implemented yet.\n`);
    return parts.join('\n');
  }
  parts.push(`${mine.length} ${mine.length === 1 ? 'bot' : 'bots'}:\n`);
  parts.push(mine.map((b) => `- [${b.declaration.name}](#${botAnchor(b.declaration.module)}) — \`${b.declaration.module}\``).join('\n'));
  parts.push('');
  for (const bot of mine) parts.push(`${botSection(bot)}\n`);
  return `${parts.join('\n').trimEnd()}\n`;
}

function indexPage(bots: readonly LoadedBot[]): string {
  const parts: string[] = [generatedHeader('the bot declarations (src/bots/registry.ts)')];
  parts.push('# Bot reference\n');
  parts.push(`${bots.length} bots are implemented. Every bot also understands the [generic parameters](../configuration-globals.md).\n`);
  parts.push('| Kind | Bots | Page |');
  parts.push('| --- | --- | --- |');
  for (const kind of KINDS) {
    const n = bots.filter((b) => b.declaration.kind === kind).length;
    parts.push(`| ${KIND_TITLES[kind]} | ${n} | [${kind}s.md](${kind}s.md) |`);
  }
  parts.push(`| Total | ${bots.length} | |`);
  parts.push('');
  for (const kind of KINDS) {
    const mine = bots.filter((b) => b.declaration.kind === kind);
    if (mine.length === 0) continue;
    parts.push(`## ${KIND_TITLES[kind]}\n`);
    parts.push('| Name | Module | Multithreading |');
    parts.push('| --- | --- | --- |');
    for (const b of mine) {
      const d = b.declaration;
      parts.push(`| [${cellText(d.name)}](${kind}s.md#${botAnchor(d.module)}) | \`${d.module}\` | ${acceptsWorkers(d) ? 'yes' : 'no'} |`);
    }
    parts.push('');
  }
  parts.push(`Regenerate after adding or changing a bot: \`${REGEN_COMMAND}\`.`);
  return `${parts.join('\n').trimEnd()}\n`;
}

/** The bot reference: relative path → content. */
export async function generateBotDocs(): Promise<Map<string, string>> {
  const bots = await loadRegisteredBots();
  const files = new Map<string, string>();
  for (const kind of KINDS) files.set(kindFile(kind), kindPage(kind, bots));
  files.set(INDEX_FILE, indexPage(bots));
  return files;
}

// ---------------------------------------------------------------------------
// Global keys

/** `docs/configuration-globals.md`: every generic parameter, in schema order. */
export function generateGlobalsDoc(): string {
  const properties = propertiesOf(GenericParameters as unknown as Schema);
  const parts: string[] = [generatedHeader('src/config/global-defaults.ts')];
  parts.push('# Global keys and generic parameters\n');
  parts.push(
    `All ${properties.length} keys below can be set in the \`global\` section of \`runtime.yaml\` (then they apply to every bot) ` +
      'and overridden in a bot\'s `parameters`, except the few that intelmqctl reads from `global` only (said in the description). ' +
      'The order of precedence, later wins: these defaults, `global`, the bot\'s top-level keys (`enabled`, `run_mode`, `group`, `name`, `description`, `module`, when set to a true value), ' +
      'the bot\'s `parameters`, environment variables `INTELMQ_<NAME>` (e.g. `INTELMQ_LOGGING_LEVEL=DEBUG`; `True`/`False` become booleans, digits integers).\n',
  );
  parts.push(
    'Defaults that depend on the installation layout are shown for the default `/opt/intelmq/` layout: ' +
      '`logging_path` is `<root>/var/log/` (LSB: `/var/log/intelmq/`), `embedded_pipeline_path` is `<root>/var/lib/pipeline.sqlite3` (LSB: `/var/lib/intelmq/pipeline.sqlite3`).\n',
  );
  parts.push('Bot-specific parameters are in the [bot reference](bots/README.md). See [configuration.md](configuration.md) for the file itself.\n');
  parts.push(parameterTable(properties));
  return `${parts.join('\n').trimEnd()}\n`;
}

/** Every generated file: relative path → content. */
export async function generateAllDocs(): Promise<Map<string, string>> {
  const files = await generateBotDocs();
  files.set(GLOBALS_FILE, generateGlobalsDoc());
  return files;
}

/** Writes the generated files below `root`; returns the paths that changed. */
export async function writeDocs(root: string = REPO_ROOT): Promise<string[]> {
  const changed: string[] = [];
  for (const [relative, content] of await generateAllDocs()) {
    const file = join(root, relative);
    let current: string | null = null;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = null;
    }
    if (current === content) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    changed.push(relative);
  }
  return changed;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const changed = await writeDocs();
  process.stdout.write(changed.length ? `Updated: ${changed.join(', ')}\n` : 'Generated documentation is up to date.\n');
}
