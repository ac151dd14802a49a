import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

// Builds the web console (Vite) when web/dist is missing or was built from other sources: `npm start` runs
// this first (prestart), so a fresh clone needs only `npm install && npm start`, and an edit in web/ shows at
// the next start. The sources' hash is kept beside the bundle.

const webDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(webDir, 'dist');
const stamp = path.join(outDir, '.source-hash');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    });
}

/** What the bundle is made of: web/ without its output, and the locked versions of what it imports. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(path.join(webDir, 'src')),
    ...files(path.join(webDir, 'public')),
    ...['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => path.join(webDir, f)),
    path.join(webDir, '..', 'package-lock.json'),
  ];
  for (const file of inputs) {
    hash.update(path.relative(webDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function buildConsoleIfStale(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<boolean> {
  const wanted = sourceHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(path.join(outDir, 'index.html'))) return false;
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch (error) {
    // An install without devDependencies has no Vite: the API still starts, without its console.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    log('web console: not built (Vite is not installed: run npm install without --omit=dev, or npm run build where it is); the API starts without it');
    return false;
  }
  log('web console: building web/ into web/dist (Vite) …');
  const { build } = vite;
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, wanted);
  log('web console: built');
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  if (force && existsSync(stamp)) writeFileSync(stamp, '');
  await buildConsoleIfStale();
}
