/**
 * Introspection of the blueprint's zod schema: find the schema at a key path, read its description, default
 * and kind. Used to phrase validation errors ("did you mean", account ID hints) and to list documented keys.
 */
import { z } from 'zod';
import type { SchemaKind } from './schema.js';

/** One step of a key path: an object key or a list index. */
export type PathSegment = string | number;

/** The layers of a schema from the outside in: wrappers (optional, default, …) then the core type. */
export function layers(schema: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [schema];
  let current: z.ZodType | undefined = schema;
  while (current) {
    current = unwrapOnce(current);
    if (current) out.push(current);
  }
  return out;
}

function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly
  ) {
    return schema.def.innerType as z.ZodType;
  }
  if (schema instanceof z.ZodPipe) return schema.def.in as z.ZodType;
  return undefined;
}

/** The innermost (non-wrapper) schema. */
export function core(schema: z.ZodType): z.ZodType {
  const all = layers(schema);
  return all[all.length - 1]!;
}

/** The description of a schema: the outermost one set with `.describe()` or `.meta()`. */
export function descriptionOf(schema: z.ZodType): string | undefined {
  for (const layer of layers(schema)) {
    const d = z.globalRegistry.get(layer)?.description;
    if (d) return d;
  }
  return undefined;
}

/** The {@link SchemaKind} recorded in the schema's metadata, if any. */
export function kindOf(schema: z.ZodType): SchemaKind | undefined {
  for (const layer of layers(schema)) {
    const k = z.globalRegistry.get(layer)?.['sraKind'];
    if (k === 'account-id' || k === 'region' || k === 'ou-name') return k;
  }
  return undefined;
}

/** Whether the schema carries a `.default()`, and its value. */
export function defaultOf(schema: z.ZodType): { has: boolean; value?: unknown } {
  for (const layer of layers(schema)) {
    if (layer instanceof z.ZodDefault) return { has: true, value: structuredClone(layer.def.defaultValue) };
  }
  return { has: false };
}

/** Whether the key may be left out (it is optional or has a default). */
export function isOptional(schema: z.ZodType): boolean {
  return layers(schema).some(
    (l) => l instanceof z.ZodOptional || l instanceof z.ZodDefault || l instanceof z.ZodPrefault,
  );
}

/** The keys of an object schema (after unwrapping), or `undefined` when it is not an object. */
export function objectKeys(schema: z.ZodType): string[] | undefined {
  const c = core(schema);
  return c instanceof z.ZodObject ? Object.keys(c.shape) : undefined;
}

/** Children of a schema for walking: object properties by key, list elements as `[]`. */
export function children(schema: z.ZodType): Array<[PathSegment | '[]', z.ZodType]> {
  const c = core(schema);
  if (c instanceof z.ZodObject) return Object.entries(c.shape as Record<string, z.ZodType>);
  if (c instanceof z.ZodArray) return [['[]', c.element as z.ZodType]];
  return [];
}

/**
 * The schema that validates the value at `path` (with its wrappers), or `undefined` when the path leaves the
 * schema (an unknown key). Unions are searched option by option.
 */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  if (path.length === 0) return root;
  const [head, ...rest] = path;
  const c = core(root);
  if (c instanceof z.ZodObject && typeof head === 'string') {
    const next = (c.shape as Record<string, z.ZodType>)[head];
    return next ? schemaAt(next, rest) : undefined;
  }
  if (c instanceof z.ZodArray && typeof head === 'number') return schemaAt(c.element as z.ZodType, rest);
  if (c instanceof z.ZodUnion) {
    for (const option of c.options as z.ZodType[]) {
      const found = schemaAt(option, path);
      if (found) return found;
    }
  }
  return undefined;
}

/** The allowed values of an enum or literal schema (after unwrapping), or `undefined`. */
export function allowedValues(schema: z.ZodType): unknown[] | undefined {
  const c = core(schema);
  if (c instanceof z.ZodEnum) return c.options as unknown[];
  if (c instanceof z.ZodLiteral) return [...c.values];
  return undefined;
}

/** Formats a key path the way people write it: `a.b[2].c`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
