import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';

/**
 * Checks an HTTP answer against an OpenAPI 3.1 document: the operation (method and path template) documents
 * the status, the status documents the content type, and the body is valid against that content's schema.
 *
 * Schemas are validated with Ajv 8 in its JSON Schema 2020-12 dialect (the one OpenAPI 3.1 builds on) with
 * ajv-formats for `format`: a maintained validator rather than our own walk over the schemas, so a
 * keyword the document uses and we did not think of is enforced (or refused at compile time) rather than
 * skipped. The `$ref`s into `components/schemas` are resolved by registering the components as one schema.
 */

export type OpenApiDoc = {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, unknown> };
};

type ResponseObject = { description?: string; content?: Record<string, { schema?: unknown }> };

/** One answer as the test client saw it. */
export interface Answer {
  method: string;
  /** Path with or without the query string; the origin is ignored when given. */
  url: string;
  status: number;
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The body as text ('' for none). */
  text: string;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const COMPONENTS_ID = 'urn:openapi:components';
/** OpenAPI keywords a schema may carry besides JSON Schema's (OAS 3.1 §4.8.24): annotations for validation. */
const OPENAPI_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];

// ajv-formats is CommonJS with `exports.default`: under NodeNext the default import is the module object.
const addFormats = ((addFormatsPlugin as unknown as { default?: FormatsPlugin }).default ?? addFormatsPlugin) as FormatsPlugin;

interface Template {
  path: string;
  pattern: RegExp;
  /** Literal segments: a literal path wins over a template that also matches (OAS 3.1 §4.8.8). */
  literals: number;
}

export class ResponseConformance {
  private readonly ajv: Ajv2020;
  private readonly templates: Template[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    // Strict about what changes validation (an unknown keyword or format is an error, not skipped), not about
    // style (strictTypes, strictRequired): a valid schema written differently must not fail a test.
    this.ajv = new Ajv2020({ strict: false, strictSchema: true, strictNumbers: true, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addVocabulary(OPENAPI_KEYWORDS);
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: toComponentRefs(doc.components?.schemas ?? {}) });
    this.templates = Object.keys(doc.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.split(/\{[^}/]+\}/).map(escapeRegExp).join('[^/]+')}$`),
      literals: path.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
    }));
  }

  /** What is wrong with the answer by the document; empty when it conforms. */
  violations(answer: Answer): string[] {
    const method = answer.method.toLowerCase();
    const path = pathOf(answer.url);
    const template = this.templateFor(path);
    if (!template) return [`no path of the document matches ${path}`];
    const operation = this.doc.paths[template.path]?.[method];
    if (!operation || !HTTP_METHODS.has(method)) return [`${template.path} documents no ${method.toUpperCase()} operation`];
    const responses = operation.responses ?? {};
    const statusKey = [String(answer.status), `${String(answer.status).charAt(0)}XX`, 'default'].find((k) => responses[k] !== undefined);
    if (statusKey === undefined) {
      return [`status ${answer.status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    }
    const documented = responses[statusKey]!;
    const content = documented.content ?? {};
    const bodyless = method === 'head' || answer.status === 204 || answer.status === 304;
    if (Object.keys(content).length === 0) {
      return answer.text === '' || bodyless ? [] : [`status ${statusKey} is documented without a body, but the answer has one (${answer.contentType ?? 'no Content-Type'})`];
    }
    if (bodyless) return [];
    const mediaType = mediaTypeOf(answer.contentType);
    if (mediaType === undefined) return [`status ${statusKey} documents ${Object.keys(content).join(', ')}, but the answer has no Content-Type`];
    const mediaKey = [mediaType, `${mediaType.split('/')[0]}/*`, '*/*'].find((k) => content[k] !== undefined);
    if (mediaKey === undefined) {
      return [`status ${statusKey} documents ${Object.keys(content).join(', ')}, not ${mediaType}`];
    }
    const schema = content[mediaKey]!.schema;
    if (schema === undefined) return [];
    let body: unknown = answer.text;
    if (isJson(mediaType)) {
      try {
        body = JSON.parse(answer.text) as unknown;
      } catch {
        return [`the ${mediaType} body is not JSON: ${answer.text.slice(0, 200)}`];
      }
    }
    const where = `${method} ${template.path} ${statusKey} ${mediaKey}`;
    const validate = this.validatorFor(where, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''} (schema ${e.schemaPath})`);
  }

  private templateFor(path: string): Template | undefined {
    return this.templates.filter((t) => t.pattern.test(path)).sort((a, b) => b.literals - a.literals)[0];
  }

  private validatorFor(where: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(where);
    if (!validate) {
      try {
        validate = this.ajv.compile(toComponentRefs(schema) as object);
      } catch (error) {
        throw new Error(`the document's schema for ${where} does not compile: ${(error as Error).message}`, { cause: error });
      }
      this.validators.set(where, validate);
    }
    return validate;
  }
}

/** `#/components/schemas/X` as a reference into the registered components schema. */
function toComponentRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/"#\/components\/schemas\//g, `"${COMPONENTS_ID}#/$defs/`)) as T;
}

function pathOf(url: string): string {
  const withoutOrigin = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const path = withoutOrigin.split(/[?#]/)[0] ?? '';
  return path === '' ? '/' : path;
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

const isJson = (mediaType: string): boolean => mediaType === 'application/json' || mediaType.endsWith('+json');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
