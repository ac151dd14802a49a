import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { RequestHandler } from 'express';

/**
 * The web console's built files (web/, built by Vite into `dir`): hashed assets cached for a year
 * (their names change with their content), index.html never used without asking again, so a new build
 * shows at the next load. A GET for a page of the console (no file extension, Accept: text/html, outside the API)
 * is answered with index.html: the console's router picks the page. Null when the bundle is not built.
 */
export function webConsole(dir: string): RequestHandler[] | null {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const sendIndex: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Only a browser's page load (Accept names text/html): API clients keep their problem+json 404.
    if (req.path.startsWith('/api/') || path.extname(req.path) !== '' || !req.headers.accept?.includes('text/html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [
    express.static(dir, {
      index: false,
      setHeaders(res, file) {
        const hashed = file.startsWith(path.join(dir, 'assets') + path.sep);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
    sendIndex,
  ];
}
