/** Maps blueprint key paths back to positions in the YAML source. */
import { isMap, isNode, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './walk.js';

/** A 1-based position in the source. */
export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

interface Walked {
  /** The deepest node reached (may be null for an empty value). */
  node: unknown;
  /** The key node of the map entry that led to `node`, when the last step was a map lookup. */
  keyNode: Node | undefined;
  /** How many path segments were found. */
  depth: number;
}

function keyName(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Finds source positions of key paths in one parsed YAML document. */
export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  private walk(path: readonly PathSegment[]): Walked {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    let depth = 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyName(p.key) === String(seg));
        if (!pair) break;
        keyNode = isNode(pair.key) ? pair.key : undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        keyNode = undefined;
        node = node.items[seg];
      } else {
        break;
      }
      depth++;
    }
    return { node, keyNode, depth };
  }

  /** Whether the path is written in the source (as opposed to filled in by a default). */
  has(path: readonly PathSegment[]): boolean {
    return this.walk(path).depth === path.length;
  }

  /** The raw source text of the scalar at `path`, e.g. `012345678901` for an unquoted number. */
  rawScalar(path: readonly PathSegment[]): string | undefined {
    const w = this.walk(path);
    if (w.depth !== path.length || !isScalar(w.node) || !w.node.range) return undefined;
    return this.text.slice(w.node.range[0], w.node.range[1]).trim();
  }

  /** Whether the value at `path` was written as a YAML number (not a quoted string). */
  isNumberInSource(path: readonly PathSegment[]): boolean {
    const w = this.walk(path);
    return w.depth === path.length && isScalar(w.node) && typeof w.node.value === 'number';
  }

  /**
   * Where to point for `path`. With `at: 'key'` the position of the key itself (for unknown keys);
   * otherwise the value. When the path is not in the source (a missing key, a default), the nearest
   * written ancestor: the key of the parent mapping, or the start of the containing node.
   */
  locate(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): SourcePosition {
    const w = this.walk(path);
    const complete = w.depth === path.length;
    if (complete && at === 'key' && w.keyNode) return this.pos(w.keyNode) ?? this.start();
    if (complete && isNode(w.node) && !this.isEmptyScalar(w.node)) {
      return this.pos(w.node) ?? this.start();
    }
    if (w.keyNode) return this.pos(w.keyNode) ?? this.start();
    if (isNode(w.node)) return this.pos(w.node) ?? this.start();
    return this.start();
  }

  /**
   * For a duplicate-key error at `offset`: the key's name and where it first appeared in the same mapping.
   */
  duplicateKey(offset: number): { name: string; first?: SourcePosition } | undefined {
    let found: { name: string; first?: SourcePosition } | undefined;
    visit(this.doc, {
      Map: (_key, map) => {
        const dup = map.items.find((p) => isNode(p.key) && p.key.range?.[0] === offset);
        if (!dup) return undefined;
        const name = keyName(dup.key);
        const first = map.items.find((p) => keyName(p.key) === name);
        const firstKey = first && isNode(first.key) ? first.key : undefined;
        found = { name, ...(firstKey && firstKey !== dup.key ? { first: this.pos(firstKey) } : {}) };
        return visit.BREAK;
      },
    });
    return found;
  }

  private isEmptyScalar(node: Node): boolean {
    return isScalar(node) && node.value === null && (!node.range || node.range[0] === node.range[1]);
  }

  private pos(node: Node): SourcePosition | undefined {
    if (!node.range) return undefined;
    return this.offset(node.range[0]);
  }

  /** Converts a character offset into a position. */
  offset(offset: number): SourcePosition {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  private start(): SourcePosition {
    return { line: 1, column: 1 };
  }
}
