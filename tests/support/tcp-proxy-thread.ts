import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TcpProxy } from './tcp-proxy.js';

/**
 * tcpProxy (tcp-proxy.ts) on a thread of its own: a test of the PostgreSQL read models, whose synchronous
 * client blocks the calling thread until the server answers, cannot relay their traffic on that thread.
 */
export async function tcpProxyThread(target: { host: string; port: number }): Promise<TcpProxy> {
  const here = fileURLToPath(import.meta.url);
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./tcp-proxy-worker.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(api)}).then((a) => { a.register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    workerData: target,
  });
  let next = 0;
  const call = (op: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const onMessage = (m: { id: number; port?: number; error?: string }) => {
        if (m.id !== id) return;
        worker.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m.port ?? 0);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, op });
    });
  const port = await call('start');
  return {
    port,
    cut: async () => void (await call('cut')),
    restore: async () => void (await call('restore')),
    close: async () => {
      await call('close');
      await worker.terminate();
    },
  };
}
