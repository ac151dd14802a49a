/** Where a command writes; the real streams in main.ts, collectors in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The environment to configure from; left out, the process's own (read by loadConfig). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * One subcommand. A file in infra/cli/commands/ exporting `command` is a subcommand named after the file:
 * adding `infra/cli/commands/seed.ts` adds `main.ts seed`.
 */
export interface CliCommand {
  summary: string;
  usage: string;
  /** Resolves to the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
