import { parentPort, workerData } from 'node:worker_threads';
import { tcpProxy } from './tcp-proxy.js';
import type { TcpProxy } from './tcp-proxy.js';

// The thread of tcpProxyThread (tcp-proxy-thread.ts): runs the proxy, answers each request with its id.
const port = parentPort!;
let proxy: TcpProxy | undefined;
port.on('message', (m: { id: number; op: 'start' | 'cut' | 'restore' | 'close' }) => {
  const run = async (): Promise<number | undefined> => {
    if (m.op === 'start') return (proxy = await tcpProxy(workerData as { host: string; port: number })).port;
    await proxy![m.op]();
    return undefined;
  };
  run().then(
    (p) => port.postMessage({ id: m.id, port: p }),
    (error: unknown) => port.postMessage({ id: m.id, error: String(error) }),
  );
});
