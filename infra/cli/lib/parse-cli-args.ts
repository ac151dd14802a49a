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
