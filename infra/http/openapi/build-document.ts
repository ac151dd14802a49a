import { PROBLEM_CONTENT_TYPE, ProblemSchema, statusTitle } from '../problem.js';
import { createSchemaComponents } from './json-schema-components.js';
import type { JsonSchema, SchemaComponents } from './json-schema-components.js';
import { openApiPath } from './operation.js';
import type { OperationRecord } from './operation.js';

export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: ApiInfo;
  jsonSchemaDialect: string;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  tags: { name: string }[];
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
  const tags = [...new Set(operations.flatMap((op) => op.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
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
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.headers ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([n, d]) => [n, { description: d, schema: { type: 'string' } }])) } : {}),
      ...(spec.schema ? { content: { [spec.contentType ?? 'application/json']: { schema: components.convert(spec.schema, 'output') } } } : {}),
    };
  }
  for (const status of op.problems) {
    responses[String(status)] ??= { description: statusTitle(status), content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } } };
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
