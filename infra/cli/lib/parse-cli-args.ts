import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict option parsing with positionals; on an unknown or malformed option writes the reason and the
 * usage to stderr and gives null (the command then exits 2), so no command prints a stack for a typo.
 */
export function parseCliArgs<O extends Options>(argv: readonly string[], options: O, usage: string, io: CliIo) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}\n`);
    return null;
  }
}

/**
 * The arguments of a command that takes one file and the data directory (backup, export, restore): the file
 * and `--data-dir`, or null after writing the usage (the command then exits 2).
 */
export function parseFileArgs(argv: readonly string[], usage: string, io: CliIo): { file: string; dataDir: string | undefined } | null {
  const parsed = parseCliArgs(argv, { 'data-dir': { type: 'string' } }, usage, io);
  if (!parsed) return null;
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length > 1) {
    io.stderr.write(`usage: ${usage}\n`);
    return null;
  }
  return { file, dataDir: parsed.values['data-dir'] };
}
