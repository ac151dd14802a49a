import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliCommand, CliIo } from './lib/cli-command.js';
import { isDamagedFile } from '../application/rebuildable-files.js';

/**
 * The one CLI: `tsx infra/cli/main.ts <command> [options]`. Each file in commands/ exporting `command`
 * is the subcommand of its name: adding commands/seed.ts adds `main.ts seed`. Nothing else is listed.
 */

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
const COMMAND_NAME = /^[a-z][a-z0-9-]*$/;

function commandFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of readdirSync(commandsDir)) {
    const match = /^([a-z][a-z0-9-]*)\.(ts|js)$/.exec(file);
    if (match?.[1]) files.set(match[1], path.join(commandsDir, file));
  }
  return files;
}

async function loadCommand(file: string): Promise<CliCommand | undefined> {
  const module = (await import(pathToFileURL(file).href)) as { command?: CliCommand };
  return module.command;
}

async function help(io: CliIo): Promise<void> {
  const lines = ['usage: main.ts <command> [options]', '', 'commands:'];
  for (const [name, file] of [...commandFiles()].sort(([a], [b]) => a.localeCompare(b))) {
    const command = await loadCommand(file);
    if (command) lines.push(`  ${name.padEnd(16)} ${command.summary}`);
  }
  lines.push('', 'main.ts <command> --help shows a command\'s options.');
  io.stdout.write(`${lines.join('\n')}\n`);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    await help(io);
    return name === undefined ? 1 : 0;
  }
  const file = COMMAND_NAME.test(name) ? commandFiles().get(name) : undefined;
  const command = file ? await loadCommand(file) : undefined;
  if (!command) {
    io.stderr.write(`unknown command "${name}"\n`);
    await help(io);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.summary}\n\nusage: ${command.usage}\n`);
    return 0;
  }
  return command.run(rest, io);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isDamagedFile(error)) {
        process.stderr.write(`a store file is damaged (${(error as Error).message}): restore it from a backup; read models and idempotency files can be moved aside and rebuilt\n`);
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      // A command that failed may leave a progress bar's timer, a helper thread or a store open: whatever is
      // still pending must not keep a failed command running (a malformed store file once hung `rebuild`).
      process.exit(1);
    },
  );
}
