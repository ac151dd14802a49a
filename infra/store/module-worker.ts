import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` beside the module at `besideUrl` (its import.meta.url): `.ts` when run from
 * source through tsx, `.js` once compiled. Compiled (dist/, production), the worker is started as is. From
 * source (development, tests) a worker does not inherit its process's loaders (tsx#354: its entry is loaded
 * before any --import runs), so an evaluated bootstrap registers tsx first, then imports it.
 */
export function startModuleWorker(besideUrl: string, name: string, workerData: unknown): Worker {
  const here = fileURLToPath(besideUrl);
  const workerUrl = new URL(`./${name}${extname(here)}`, besideUrl);
  if (extname(here) !== '.ts') return new Worker(workerUrl, { workerData });
  const bootstrap = `import(${JSON.stringify(tsxApiUrl(here))}).then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** tsx's ESM register API (its "import" export); where this module was itself loaded as CommonJS (mocha), beside the "require" one. */
function tsxApiUrl(here: string): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  return pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}
