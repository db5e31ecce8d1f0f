/**
 * Helpers for reports written in chunks. Every format is a generator of strings: the CLI writes each
 * chunk to its output as it comes, so neither the findings nor the whole report are ever held in
 * memory. The helpers here are the pieces the formats share: JSON pretty-printing at a depth (so a
 * document can be written one element at a time and still equal `JSON.stringify(value, null, 2)`),
 * merging small chunks into larger writes, and writing chunks to a sink that may apply back-pressure.
 */
import type { Finding } from '../verify/types.js';
import type { FindingSource } from '../verify/findings.js';

/** Bytes (UTF-16 code units, close enough) gathered before a write, unless the caller says otherwise. */
export const DEFAULT_WRITE_CHUNK = 64 * 1024;

/**
 * `JSON.stringify(value, null, 2)` for a value that sits `depth` levels deep in a document printed
 * the same way: every line after the first gets `depth` more indentation. Raw line feeds only occur
 * between tokens (inside strings JSON escapes them), so indenting after each one is exact. Returns
 * `undefined` where `JSON.stringify` does (undefined, functions, symbols).
 */
export function indentedJson(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined || depth === 0) return text;
  return text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * A pretty-printed JSON array (two-space indent, as `JSON.stringify(array, null, 2)`) at `depth`,
 * written one element at a time. Yields `[]` when there is no element.
 */
export function* jsonArrayChunks(items: Iterable<unknown>, depth: number): Generator<string> {
  const inner = `\n${'  '.repeat(depth + 1)}`;
  let any = false;
  for (const item of items) {
    // Array elements JSON cannot represent print as null, as JSON.stringify prints them.
    const text = indentedJson(item, depth + 1) ?? 'null';
    yield `${any ? ',' : '['}${inner}${text}`;
    any = true;
  }
  yield any ? `\n${'  '.repeat(depth)}]` : '[]';
}

/** Findings of a source in report order; with `actionable`, only FAIL and ERROR (they sort first). */
export function* reportOrder(
  source: FindingSource,
  include: 'all' | 'actionable' = 'all',
): Generator<Finding> {
  for (const f of source.sorted()) {
    if (include === 'actionable' && f.status !== 'FAIL' && f.status !== 'ERROR') {
      // Report order puts FAIL, then ERROR, first: nothing actionable follows.
      return;
    }
    yield f;
  }
}

/** Gathers small chunks into chunks of at least `size` UTF-16 code units (the last one may be shorter). */
export function* coalesce(chunks: Iterable<string>, size: number = DEFAULT_WRITE_CHUNK): Generator<string> {
  if (size <= 1) {
    for (const c of chunks) if (c !== '') yield c;
    return;
  }
  let parts: string[] = [];
  let length = 0;
  for (const c of chunks) {
    if (c === '') continue;
    parts.push(c);
    length += c.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

/** Where chunks go: a function that may return a promise, awaited before the next chunk is written. */
export type ChunkWriter = (chunk: string) => Promise<void> | void;

/**
 * Writes `chunks` to `write` one at a time, gathered into pieces of at least `size` code units
 * ({@link coalesce}). Each call is awaited before the next chunk is produced, so a writer that waits
 * for a stream's `drain` keeps memory bounded by one piece.
 */
export async function writeChunks(
  chunks: Iterable<string>,
  write: ChunkWriter,
  size: number = DEFAULT_WRITE_CHUNK,
): Promise<void> {
  for (const piece of coalesce(chunks, size)) await write(piece);
}
