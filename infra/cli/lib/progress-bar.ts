import cliProgress from 'cli-progress';
import type { CliIo } from './cli-command.js';

/** A long command's progress bar on stderr (verify, export, restore, migrate), started by the first report. */
export function progressBar(io: CliIo, label: string, unit: string): { show(done: number, total: number): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted}`, stream: io.stderr as NodeJS.WritableStream, noTTYOutput: true, notTTYSchedule: 5_000 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    show(done, total) {
      if (!started) bar.start(total, done);
      started = true;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
