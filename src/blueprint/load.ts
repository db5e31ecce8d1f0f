/**
 * Loading a blueprint: YAML with source positions → schema validation → cross-checks → resolved defaults.
 * Every problem is collected and reported at once, each pointing at a line and column of the file.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { REGIONS } from '../catalog/regions.js';
import { ExitCode, SraError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { crossCheck, type PartialBlueprint } from './cross-checks.js';
import {
  BlueprintError,
  sortDiagnostics,
  type BlueprintDiagnostic,
  type DiagnosticCode,
} from './diagnostics.js';
import { resolveDefaults } from './resolve.js';
import { BLUEPRINT_SECTIONS, blueprintSchema, type Blueprint } from './schema.js';
import { SourceMap } from './source.js';
import {
  allowedValues,
  children,
  descriptionOf,
  formatPath,
  isOptional,
  kindOf,
  objectKeys,
  schemaAt,
  type PathSegment,
} from './walk.js';

/** The outcome of {@link parseBlueprint}. */
export interface ParseResult {
  /** The resolved blueprint; present only when there are no diagnostics. */
  blueprint?: Blueprint;
  /** Every problem found, in file order. */
  diagnostics: BlueprintDiagnostic[];
}

type Issue = z.core.$ZodIssue;

const REGION_CODES = REGIONS.map((r) => r.code);

/** Reads the value at `path` in plain data. */
function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return cur;
}

/** How a value reads in a message. */
function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
};

/**
 * Empty values (`key:` with nothing after it) of optional keys mean "use the default", so a section whose
 * settings are all commented out still validates. Returns a copy without them.
 */
function dropEmptyOptionals(value: unknown, schema: z.ZodType): unknown {
  if (Array.isArray(value)) {
    const element = children(schema).find(([k]) => k === '[]')?.[1];
    return element ? value.map((v) => dropEmptyOptionals(v, element)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const child = schemaAt(schema, [k]);
    if (v === null && child && isOptional(child)) continue;
    out[k] = child ? dropEmptyOptionals(v, child) : v;
  }
  return out;
}

/** Whether one path is a prefix of the other. */
function overlaps(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Makes `value` valid for `schema` by removing the keys that are not (unknown or invalid keys fall back to
 * their defaults) and list elements that are not, recording each removed path in `dropped`. Fails when a
 * required key stays invalid, or a list is still invalid as a whole (duplicates, too short).
 */
function repair(
  value: unknown,
  schema: z.ZodType,
  path: PathSegment[],
  dropped: PathSegment[][],
): { ok: true; value: unknown } | { ok: false } {
  if (schema.safeParse(value).success) return { ok: true, value };
  const keys = objectKeys(schema);
  if (Array.isArray(value)) {
    const element = children(schema).find(([k]) => k === '[]')?.[1];
    if (element) {
      const kept: unknown[] = [];
      value.forEach((v, i) => {
        const fixed = repair(v, element, [...path, i], dropped);
        if (fixed.ok) kept.push(fixed.value);
        else dropped.push([...path, i]);
      });
      if (schema.safeParse(kept).success) return { ok: true, value: kept };
    }
  } else if (keys && value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const child = keys.includes(k) ? schemaAt(schema, [k]) : undefined;
      const fixed = child ? repair(v, child, [...path, k], dropped) : { ok: false as const };
      if (fixed.ok) out[k] = fixed.value;
      else dropped.push([...path, k]);
    }
    if (schema.safeParse(out).success) return { ok: true, value: out };
  }
  return { ok: false };
}

/** Turns schema issues into positioned diagnostics. */
class IssueMapper {
  constructor(
    private readonly file: string,
    private readonly source: SourceMap,
    private readonly data: unknown,
  ) {}

  private diag(
    path: readonly PathSegment[],
    code: DiagnosticCode,
    message: string,
    hint: string | undefined,
    at: 'key' | 'value' = 'value',
  ): BlueprintDiagnostic {
    const pos = this.source.locate(path, at);
    return {
      file: this.file,
      line: pos.line,
      column: pos.column,
      path: formatPath(path),
      message,
      ...(hint ? { hint } : {}),
      code,
    };
  }

  map(issue: Issue, prefix: readonly PathSegment[] = []): BlueprintDiagnostic[] {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    const schema = schemaAt(blueprintSchema, path);
    const value = valueAt(this.data, path);
    const kind = schema ? kindOf(schema) : undefined;
    const description = schema ? descriptionOf(schema) : undefined;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = (schema && objectKeys(schema)) ?? [];
        return issue.keys.map((key) => {
          const where = path.length === 0 ? 'at the top level' : `in ${formatPath(path)}`;
          return this.diag(
            [...path, key],
            'unknown-key',
            `unknown key "${key}" ${where}`,
            didYouMean(key, allowed) ?? `allowed keys: ${allowed.join(', ')}`,
            'key',
          );
        });
      }
      case 'invalid_union': {
        // Prefer the branch whose type matched: its issues sit below the union's own path.
        const branch = issue.errors.find((errs) => errs.length > 0 && errs.every((e) => e.path.length > 0));
        if (branch) return branch.flatMap((e) => this.map(e, path));
        return [this.diag(path, 'invalid-value', `invalid value ${describeValue(value)}`, description)];
      }
      case 'invalid_type': {
        if (value === undefined) {
          const key = path[path.length - 1];
          return [this.diag(path, 'missing-key', `missing required key "${String(key)}"`, description)];
        }
        if (kind === 'account-id' && typeof value === 'number') {
          const raw = this.source.rawScalar(path) ?? String(value);
          const digits = /^\d+$/.test(raw) ? raw : String(value);
          return [
            this.diag(
              path,
              'unquoted-account-id',
              `account ID ${raw} is written as a number; account IDs must be quoted strings`,
              `write "${digits}" in quotes: YAML reads unquoted digits as a number and drops leading zeros`,
            ),
          ];
        }
        const expected = EXPECTED[issue.expected] ?? issue.expected;
        let hint = description;
        if (issue.expected === 'boolean' && typeof value === 'string') {
          hint = `write true or false (YAML 1.2 reads "${value}" as a string)`;
        }
        return [this.diag(path, 'invalid-type', `expected ${expected}, got ${describeValue(value)}`, hint)];
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        if (path.length === 1 && path[0] === 'version') {
          return [
            this.diag(
              path,
              'invalid-value',
              `unsupported blueprint version ${JSON.stringify(value)}`,
              'this sra-kit reads version 1',
            ),
          ];
        }
        return [
          this.diag(
            path,
            'invalid-value',
            `invalid value ${JSON.stringify(value)}; expected one of: ${allowed.join(', ')}`,
            (typeof value === 'string' ? didYouMean(value, allowed) : undefined) ?? description,
          ),
        ];
      }
      case 'invalid_format': {
        if (kind === 'account-id') {
          const text = String(value);
          const count = /^\d+$/.test(text) ? ` (it has ${text.length} digits)` : '';
          return [
            this.diag(
              path,
              'invalid-account-id',
              `"${text}" is not an AWS account ID: expected exactly 12 digits${count}`,
              'account IDs are 12-digit strings such as "123456789012"; check for a missing or extra digit',
            ),
          ];
        }
        const key = [...path].reverse().find((s) => typeof s === 'string') ?? 'value';
        return [
          this.diag(path, 'invalid-value', `${JSON.stringify(value)} is not a valid ${key}`, description),
        ];
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const word = issue.code === 'too_small' ? 'at least' : 'at most';
        const what =
          issue.origin === 'array'
            ? `must list ${word} ${String(bound)} ${Number(bound) === 1 ? 'entry' : 'entries'}`
            : issue.origin === 'string'
              ? `must be ${word} ${String(bound)} characters long`
              : `must be ${word} ${String(bound)}`;
        return [this.diag(path, 'invalid-value', `${formatPath(path) || 'value'} ${what}`, description)];
      }
      case 'custom': {
        const params = issue.params ?? {};
        if (kind === 'region' && typeof value === 'string' && params['code'] === undefined) {
          return [
            this.diag(
              path,
              'unknown-region',
              `unknown AWS Region "${value}"`,
              didYouMean(value, REGION_CODES) ??
                'see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html',
            ),
          ];
        }
        const code =
          typeof params['code'] === 'string' ? (params['code'] as DiagnosticCode) : 'invalid-value';
        const hint = typeof params['hint'] === 'string' ? params['hint'] : description;
        return [this.diag(path, code, issue.message, hint)];
      }
      default: {
        const allowed = schema ? allowedValues(schema) : undefined;
        return [
          this.diag(
            path,
            'invalid-value',
            issue.message,
            allowed ? `one of: ${allowed.join(', ')}` : description,
          ),
        ];
      }
    }
  }
}

/**
 * Parses and validates a blueprint from YAML text. Never throws for bad input: every problem becomes a
 * diagnostic, and the resolved blueprint is returned only when there are none.
 */
export function parseBlueprint(text: string, file = 'sra.yaml'): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const source = new SourceMap(doc, lineCounter, text);
  const diagnostics: BlueprintDiagnostic[] = [];
  let syntaxError = false;

  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = source.offset(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const dup = source.duplicateKey(e.pos[0]);
      diagnostics.push({
        file,
        line: pos.line,
        column: pos.column,
        path: '',
        message: dup ? `duplicate key "${dup.name}"` : 'duplicate key',
        hint: dup?.first
          ? `the key first appears at line ${dup.first.line}; keep one of them`
          : 'keep one of them',
        code: 'duplicate-key',
      });
    } else {
      syntaxError = true;
      diagnostics.push({
        file,
        line: pos.line,
        column: pos.column,
        path: '',
        message: `YAML syntax error: ${e.message}`,
        hint: 'check indentation, colons and quotes around this position',
        code: 'yaml-syntax',
      });
    }
  }
  // After a syntax error the parsed structure is a guess; schema errors on it would only mislead.
  if (syntaxError) return { diagnostics: sortDiagnostics(diagnostics) };

  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      path: '',
      message: 'the blueprint is empty',
      hint: 'run `sra init` to write a starter blueprint',
      code: 'empty-blueprint',
    });
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const pos = source.locate([]);
    diagnostics.push({
      file,
      ...pos,
      path: '',
      message: `the blueprint must be a mapping of sections, got ${describeValue(raw)}`,
      hint: `top-level keys: ${BLUEPRINT_SECTIONS.join(', ')}`,
      code: 'invalid-type',
    });
    return { diagnostics: sortDiagnostics(diagnostics) };
  }

  const data = dropEmptyOptionals(raw, blueprintSchema);
  const mapper = new IssueMapper(file, source, data);
  const result = blueprintSchema.safeParse(data);
  let partial: PartialBlueprint;
  const dropped: PathSegment[][] = [];
  if (result.success) {
    partial = result.data;
  } else {
    for (const issue of result.error.issues) diagnostics.push(...mapper.map(issue));
    // Repair section by section (invalid keys fall back to their defaults) so the cross-checks still run
    // on everything that is valid; their findings that touch a repaired key are dropped below.
    const sections: Record<string, unknown> = {};
    const input = data as Record<string, unknown>;
    for (const key of BLUEPRINT_SECTIONS) {
      const schema = blueprintSchema.shape[key];
      const repaired = repair(input[key], schema, [key], dropped);
      if (repaired.ok) sections[key] = schema.parse(repaired.value);
    }
    partial = sections as PartialBlueprint;
  }

  for (const issue of crossCheck(partial, data)) {
    const touched = [...issue.paths, ...(issue.dependsOn ?? [])];
    if (touched.some((p) => dropped.some((d) => overlaps(p, d)))) continue;
    const written = issue.paths.find((p) => source.has(p)) ?? issue.paths[0] ?? [];
    const pos = source.locate(written);
    diagnostics.push({
      file,
      line: pos.line,
      column: pos.column,
      path: formatPath(written),
      message: issue.message,
      ...(issue.hint ? { hint: issue.hint } : {}),
      code: issue.code,
    });
  }

  if (diagnostics.length > 0 || !result.success) return { diagnostics: sortDiagnostics(diagnostics) };
  return { blueprint: resolveDefaults(result.data), diagnostics: [] };
}

/**
 * Reads, validates and resolves the blueprint at `path`. Throws {@link BlueprintError} (exit code 2) with
 * every diagnostic when it is invalid, or an {@link SraError} when the file cannot be read.
 */
export async function loadBlueprint(path: string, displayName: string = path): Promise<Blueprint> {
  const text = await readBlueprintText(path, displayName);
  const { blueprint, diagnostics } = parseBlueprint(text, displayName);
  if (!blueprint) throw new BlueprintError(displayName, diagnostics);
  return blueprint;
}

/** Reads a blueprint file, turning a missing or unreadable file into an {@link SraError} with exit code 2. */
export async function readBlueprintText(path: string, displayName: string = path): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new SraError('BLUEPRINT_NOT_FOUND', `blueprint file ${displayName} does not exist`, {
        file: displayName,
        exitCode: ExitCode.Usage,
        hint: 'run `sra init` to write a starter blueprint, or pass the path of your blueprint',
        cause: e,
      });
    }
    throw new SraError('BLUEPRINT_UNREADABLE', `cannot read blueprint file ${displayName}: ${String(e)}`, {
      file: displayName,
      exitCode: ExitCode.Usage,
      cause: e,
    });
  }
}
