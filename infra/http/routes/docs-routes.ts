import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import type { Router } from 'express';
import type { OpenApiDocument } from '../openapi/build-document.js';
import type { RouteModule } from '../route-spec.js';

const OpenApiJson = z.record(z.string(), z.unknown()).meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document' });

/** The generated OpenAPI document and a page to browse it (Swagger UI, served locally: no internet needed). */
export function docsRoutes(document: () => OpenApiDocument, mountPath: string): RouteModule {
  return {
    name: 'docs',
    register(route) {
      route({
        method: 'get',
        path: '/openapi.json',
        summary: 'This API described as OpenAPI 3.1',
        responses: { 200: { description: 'The OpenAPI document', schema: OpenApiJson } },
        handler: () => ({ body: document() }),
      });
      route({
        method: 'get',
        path: '/docs',
        summary: 'A page to browse this API',
        responses: { 200: { description: 'HTML', schema: z.string(), contentType: 'text/html' } },
        handler: () => ({ body: docsPage(mountPath), contentType: 'text/html; charset=utf-8' }),
      });
    },
  };
}

const SWAGGER_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png'];

/** Serves the few Swagger UI files the page uses, from node_modules, and the page's start script (no inline script, so helmet's CSP holds). */
export function mountDocsAssets(router: Router, mountPath: string): void {
  const dir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  for (const file of SWAGGER_FILES) {
    router.get(`${mountPath}/docs/assets/${file}`, (_req, res) => res.sendFile(path.join(dir, file), { maxAge: '1d' }));
  }
  router.get(`${mountPath}/docs/assets/start.js`, (_req, res) => {
    res.type('text/javascript').send(startScript(mountPath));
  });
}

function docsPage(mountPath: string): string {
  const assets = `${mountPath}/docs/assets`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>One-network HR &amp; Social Security API</title>
  <link rel="stylesheet" href="${assets}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${assets}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${assets}/swagger-ui-bundle.js"></script>
  <script src="${assets}/swagger-ui-standalone-preset.js"></script>
  <script src="${assets}/start.js"></script>
</body>
</html>
`;
}

function startScript(mountPath: string): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(`${mountPath}/openapi.json`)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;
}
