import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * Turns zod schemas into OpenAPI 3.1 schema objects (JSON Schema 2020-12). Schemas named with
 * `.meta({ id })` become shared components referenced by `$ref`; everything else is inlined.
 */
export interface SchemaComponents {
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema;
  /** The components.schemas collected so far. */
  schemas(): Record<string, JsonSchema>;
}

export function createSchemaComponents(): SchemaComponents {
  const components = new Map<string, { json: string; schema: JsonSchema }>();

  /** The component name for a definition: its id, or id + "Input" when the request side differs. */
  function place(id: string, io: 'input' | 'output', definition: JsonSchema): string {
    const candidates = io === 'input' ? [id, `${id}Input`] : [id, `${id}Output`];
    const json = JSON.stringify(definition);
    for (const name of candidates) {
      const existing = components.get(name);
      if (!existing || existing.json === json) return name;
    }
    throw new Error(`OpenAPI: two different schemas share the id "${id}"`);
  }

  return {
    convert(schema, io) {
      const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
      const { $schema: _dialect, $defs, ...root } = generated as JsonSchema & { $defs?: Record<string, JsonSchema> };
      const definitions = Object.entries($defs ?? {});
      const renames = new Map<string, string>();
      // Ids are decided before references are rewritten, since definitions refer to one another.
      for (const [id, definition] of definitions) renames.set(id, place(id, io, definition));
      const rewrite = (value: JsonSchema): JsonSchema =>
        JSON.parse(
          JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_m, id: string) => `"#/components/schemas/${renames.get(id) ?? id}"`),
        ) as JsonSchema;
      for (const [id, definition] of definitions) {
        const name = renames.get(id) ?? id;
        const rewritten = rewrite(definition);
        components.set(name, { json: JSON.stringify(definition), schema: rewritten });
      }
      return rewrite(root);
    },
    schemas: () => Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)).map(([name, c]) => [name, c.schema])),
  };
}
