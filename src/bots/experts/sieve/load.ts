/** Reading a sieve file: syntax first, then the harmonization checks; the first problem names file, line and column. */
import { existsSync, readFileSync } from 'node:fs';
import { InvalidArgument, packagedHarmonization, type Harmonization } from '../../../message/index.ts';
import type { SieveProgram } from './ast.ts';
import { parseSieve, SieveSyntaxError } from './parser.ts';
import { validateProgram, type SieveProblem } from './validate.ts';

export class SieveFileError extends Error {
  override name = 'SieveFileError';
  constructor(readonly file: string, readonly problem: SieveProblem) {
    super(`Could not parse sieve file '${file}', error in (${problem.line}, ${problem.column}): ${problem.message}`);
  }
}

function analyse(text: string, harmonization: Harmonization): { program?: SieveProgram; problems: SieveProblem[] } {
  try {
    const program = parseSieve(text);
    return { program, problems: validateProgram(program, harmonization) };
  } catch (e) {
    if (!(e instanceof SieveSyntaxError)) throw e;
    return { problems: [{ line: e.line, column: e.column, message: e.message }] };
  }
}

/** Parses and validates a sieve file; throws InvalidArgument when it is missing, SieveFileError when it is wrong. */
export function loadSieveFile(file: string, harmonization: Harmonization): SieveProgram {
  if (!existsSync(file)) throw new InvalidArgument('file', file, 'existing file');
  const { program, problems } = analyse(readFileSync(file, 'utf8'), harmonization);
  if (problems.length || !program) throw new SieveFileError(file, problems[0]!);
  return program;
}

export interface SieveCheckResult {
  ok: boolean;
  /** Line and column are 1-based; 0 when the problem concerns the whole file (missing, unreadable). */
  errors: SieveProblem[];
}

/** For `intelmqctl check`: every problem of the file instead of the first one only. */
export function checkSieveFile(file: string, harmonization: Harmonization = packagedHarmonization()): SieveCheckResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'File does not exist' : `File cannot be read: ${(e as Error).message}`;
    return { ok: false, errors: [{ line: 0, column: 0, message: `${reason}: '${file}'` }] };
  }
  const { problems } = analyse(text, harmonization);
  return { ok: problems.length === 0, errors: problems };
}
