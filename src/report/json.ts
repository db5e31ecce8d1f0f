/**
 * The JSON report: the {@link VerifyResult} itself, pretty-printed. Its format is versioned
 * (`schemaVersion`) and documented field by field in `docs/schemas/verify-result.schema.json`
 * (JSON Schema draft 2020-12); the tests validate real results against that schema. A saved result is
 * the input of `sra report` and of comparisons between runs, so reading one back is here too.
 */
import { ExitCode, SraError } from '../errors.js';
import { findingSource } from '../verify/findings.js';
import { RESULT_SCHEMA_VERSION, type StreamedResult, type VerifyResult } from '../verify/result.js';
import { indentedJson, jsonArrayChunks } from './stream.js';

/** Identifier (`$id`) of the result schema. */
export const RESULT_SCHEMA_ID = 'urn:sra-kit:schema:verify-result:1';

/** Repository path of the result schema. */
export const RESULT_SCHEMA_PATH = 'docs/schemas/verify-result.schema.json';

/**
 * The JSON report in chunks: the same text as `JSON.stringify(result, null, 2)` plus a line feed,
 * written field by field in the result's own key order, with the findings array written one finding
 * at a time in evaluation order (the source's iteration order). Fields JSON leaves out (undefined
 * values) are left out here too.
 */
export function* jsonChunks(result: StreamedResult): Generator<string> {
  let first = true;
  for (const [key, value] of Object.entries(result)) {
    const name = JSON.stringify(key);
    if (key === 'findings') {
      yield `${first ? '{' : ','}\n  ${name}: `;
      yield* jsonArrayChunks(findingSource(result.findings), 1);
    } else {
      const text = indentedJson(value, 1);
      if (text === undefined) continue;
      yield `${first ? '{' : ','}\n  ${name}: ${text}`;
    }
    first = false;
  }
  yield first ? '{}\n' : '\n}\n';
}

/** Renders a result as pretty-printed JSON (two-space indent, trailing newline). */
export function renderJson(result: StreamedResult): string {
  return [...jsonChunks(result)].join('');
}

const ARRAYS = ['governedRegions', 'accounts', 'roles', 'unreachable', 'controls', 'findings'] as const;

/**
 * Reads a saved result back. Checks what a report needs to trust the file (valid JSON, the schema
 * version this release writes, the top-level arrays and scores); anything else is the schema's job.
 * Throws a {@link SraError} `RESULT_INVALID` (exit code 2) naming the file and what is wrong.
 */
export function parseVerifyResult(text: string, file = 'result.json'): VerifyResult {
  const fail = (message: string, hint?: string): never => {
    throw new SraError('RESULT_INVALID', message, {
      file,
      exitCode: ExitCode.Usage,
      hint: hint ?? `write it with: sra verify --format json --output ${file}`,
    });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    fail('not a verify result (expected an object)');
  const obj = data as Record<string, unknown>;
  if (obj.schemaVersion !== RESULT_SCHEMA_VERSION) {
    fail(
      `unsupported result schemaVersion ${JSON.stringify(obj.schemaVersion)} (this release reads ${RESULT_SCHEMA_VERSION})`,
      'run sra verify again with this release of sra-kit',
    );
  }
  for (const key of ARRAYS) {
    if (!Array.isArray(obj[key])) fail(`"${key}" is missing or not an array`);
  }
  const scores = obj.scores as Record<string, unknown> | undefined;
  if (typeof scores !== 'object' || scores === null || typeof scores.overall !== 'object') {
    fail('"scores.overall" is missing');
  }
  return data as VerifyResult;
}
