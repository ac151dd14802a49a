import { PROBLEM_CONTENT_TYPE, ProblemSchema, statusTitle } from '../problem.js';
import { createSchemaComponents } from './json-schema-components.js';
import type { JsonSchema, SchemaComponents } from './json-schema-components.js';
import { openApiPath } from './operation.js';
import type { OperationRecord } from './operation.js';
import { TAG_DESCRIPTIONS } from './tags.js';

export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
  /** SPDX: `identifier` is the licence's SPDX id (OpenAPI 3.1). */
  license?: { name: string; identifier: string };
}

/** The project's licence (package.json), which the document states. */
export const API_LICENSE = { name: 'MIT', identifier: 'MIT' } as const;

// No `jsonSchemaDialect`: the schemas are JSON Schema 2020-12, which the OpenAPI 3.1 default dialect
// (https://spec.openapis.org/oas/3.1/dialect/base) extends, and Swagger UI warns on any other value.
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: ApiInfo;
  servers: { url: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  tags: { name: string; description?: string }[];
};

/**
 * Problem responses, described beyond their status phrase where a client acts differently on them. Retry-After
 * is documented where the API sends it: on a 429 always, on a 503 only when waiting helps (read models behind,
 * store busy), never for a refusal that waiting does not change (calendar-not-covered).
 */
const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad Request: the body, query, path parameters or a header are malformed; `errors` names each field (also a malformed JSON body on any route)',
  413: 'Payload Too Large: the request body exceeds the limit (on any route)',
  415: 'Unsupported Media Type: the body is in a charset or content encoding the server does not read (on any route)',
  431: "Request Header Fields Too Large: the headers or the URL exceed the server's limit (on any route, before it is routed)",
  503: 'Service Unavailable; the problem type says why. read-models-behind and store-busy come with Retry-After: waiting helps. calendar-not-covered comes without: an administrator must import the holiday notice first; so does stored-event-damaged: an event of the resource does not read back as written, and the operators must restore the store.',
};
const RETRY_AFTER: Readonly<Record<number, string>> = {
  409: 'Seconds to wait, sent only while a request with the same Idempotency-Key is still running',
  429: 'Seconds until the window resets',
  503: 'Seconds to wait before retrying; only when waiting helps',
};

/** The OpenAPI 3.1 document of the registered operations, generated from the same zod schemas that validate them. */
export function buildOpenApiDocument(info: ApiInfo, operations: readonly OperationRecord[]): OpenApiDocument {
  const components = createSchemaComponents();
  const problemRef = components.convert(ProblemSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    paths[path][op.method] = operationObject(op, components, problemRef);
  }
  const tags = [...new Set(operations.flatMap((op) => op.tags))].sort().map((name) => {
    const description = TAG_DESCRIPTIONS[name];
    return description === undefined ? { name } : { name, description };
  });
  return {
    openapi: '3.1.0',
    info: { ...info, license: info.license ?? API_LICENSE },
    // Relative: the paths carry /api/v1 themselves, and the document is right whatever host serves it.
    servers: [{ url: '/', description: 'The instance serving this document' }],
    paths,
    components: {
      schemas: components.schemas(),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    tags,
  };
}

function operationObject(op: OperationRecord, components: SchemaComponents, problemRef: JsonSchema): JsonSchema {
  const parameters = [
    ...objectParameters(op.params, 'path', components),
    ...objectParameters(op.query, 'query', components),
    ...headerParameters(op),
  ];
  if (conditional(op)) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'The ETag of your copy: 304 and no body while it is current.',
      schema: { type: 'string' },
    });
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    const content = spec.schema ? { [spec.contentType ?? 'application/json']: spec.schema, ...spec.alternatives } : {};
    responses[status] = {
      description: spec.description,
      ...(spec.headers ? { headers: headerObjects(spec.headers) } : {}),
      ...(spec.schema ? { content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema: components.convert(schema, 'output') }])) } : {}),
    };
  }
  if (conditional(op)) {
    responses['304'] ??= { description: 'Not Modified: If-None-Match names the current ETag; no body', headers: headerObjects({ ETag: 'The current revision' }) };
  }
  for (const status of op.problems) {
    responses[String(status)] ??= {
      description: PROBLEM_DESCRIPTIONS[status] ?? statusTitle(status),
      ...(RETRY_AFTER[status] ? { headers: headerObjects({ 'Retry-After': RETRY_AFTER[status] }) } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } },
    };
  }
  const roleNote = op.roles ? `Roles: ${op.roles.join(', ')}.` : 'Open to anyone; no token needed.';
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, roleNote].filter(Boolean).join('\n\n'),
    tags: [...op.tags],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: !op.body.safeParse(undefined).success, content: { 'application/json': { schema: components.convert(op.body, 'input') } } } }
      : {}),
    responses,
    security: op.roles ? [{ bearerAuth: [] }] : [],
    ...(op.roles ? { 'x-roles': [...op.roles] } : {}),
  };
}

function headerObjects(headers: Readonly<Record<string, string>>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
}

/** A JSON GET whose success carries an ETag is answered 304 to a matching If-None-Match (reply.ts). */
function conditional(op: OperationRecord): boolean {
  return op.method === 'get' && Object.entries(op.responses).some(([status, spec]) => status.startsWith('2') && spec.headers?.ETag !== undefined);
}

/** Each property of an object schema as one parameter. */
function objectParameters(schema: OperationRecord['query'], location: 'path' | 'query', components: SchemaComponents): JsonSchema[] {
  if (!schema) return [];
  const json = components.convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function headerParameters(op: OperationRecord): JsonSchema[] {
  const headers: JsonSchema[] = [];
  if (op.ifMatch) {
    headers.push({
      name: 'If-Match',
      in: 'header',
      required: op.ifMatch === 'required',
      description: 'The ETag of the resource as last read; the update is refused with 412 if it changed since.',
      schema: { type: 'string' },
    });
  }
  if (op.idempotent) {
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'A retry with the same key gets the first response again and runs nothing twice.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return headers;
}
