// The ceiling of bench/http.ts (issue 20): a trivial GET route on express 5 as it comes, with no middleware and
// none of our changes to express (no prototypes given at construction, no logging, no helmet, the default
// etag and x-powered-by), in a process of its own: what a team would otherwise build on. Prints
// `READY <url>` on stdout. GET /bench/cpu answers the process's CPU time, read by the load side only between
// runs, so the route it measures is untouched.
import express from 'express';
import { CPU_PATH, TRIVIAL_PATH } from './http-paths.js';

const app = express();
app.get(TRIVIAL_PATH, (_req, res) => {
  res.json({ ok: true });
});
app.get(CPU_PATH, (_req, res) => {
  const { user, system } = process.cpuUsage();
  res.json({ micros: user + system });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the stock express server has no port');
  process.stdout.write(`READY http://127.0.0.1:${address.port}\n`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
