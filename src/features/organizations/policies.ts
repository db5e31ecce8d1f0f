/**
 * The organization policies a blueprint asks for, as Organizations should hold them: name, type,
 * description and minified content, from the built-in library or from the user's JSON file (read at
 * plan time, relative to the blueprint).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Blueprint } from '../../blueprint/schema.js';
import { ExitCode, SraError } from '../../errors.js';
import {
  BUILTIN_DESCRIPTIONS,
  minifyPolicy,
  POLICY_SIZE_LIMIT,
  RCP_LIBRARY,
  SCP_LIBRARY,
  type LibraryContext,
} from './library.js';

/** The two authorization policy types sra-kit manages. */
export type AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** One policy as the blueprint wants it. */
export interface DesiredPolicy {
  /** Policy name (unique per type). */
  name: string;
  type: AuthorizationPolicyType;
  /** Short kind for step ids and messages: `scp` or `rcp`. */
  kind: 'scp' | 'rcp';
  /** Description stored with the policy. */
  description: string;
  /** Minified JSON document. */
  content: string;
  /** The policy's targets block. */
  targets: Blueprint['governance']['serviceControlPolicies'][number]['targets'];
  /** Dotted blueprint path of the entry (for error locations). */
  path: string;
}

/**
 * Reads a user policy file and returns its minified JSON. Invalid JSON becomes an {@link SraError}
 * naming the file, line and column.
 */
export function readPolicyFile(blueprintDir: string, file: string, path: string): string {
  const full = isAbsolute(file) ? file : join(blueprintDir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new SraError('POLICY_FILE_UNREADABLE', `cannot read policy file ${file}: ${(e as Error).message}`, {
      file: full,
      path,
      hint: 'the path is relative to the blueprint file; fix the file key or create the file',
      exitCode: ExitCode.Usage,
      cause: e,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const { line, column } = jsonErrorPosition(text, (e as Error).message);
    throw new SraError(
      'POLICY_FILE_INVALID',
      `policy file ${file} is not valid JSON: ${(e as Error).message}`,
      {
        file: full,
        line,
        column,
        path,
        hint: 'fix the JSON at that position (a policy is one JSON object with Version and Statement)',
        exitCode: ExitCode.Usage,
        cause: e,
      },
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc)) {
    throw new SraError('POLICY_FILE_INVALID', `policy file ${file} is not a policy document`, {
      file: full,
      line: 1,
      column: 1,
      path,
      hint: 'a policy is one JSON object with "Version": "2012-10-17" and a "Statement"',
      exitCode: ExitCode.Usage,
    });
  }
  return minifyPolicy(doc);
}

/**
 * Line and column (1-based) of a `JSON.parse` failure: from "line L column C" or "position N" when V8
 * puts them in its message, else from {@link jsonErrorOffset} (V8 omits the position for some errors,
 * e.g. an unexpected token shown with an excerpt).
 */
export function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  const offset = Math.min(pos ? Number(pos[1]) : jsonErrorOffset(text), text.length);
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * Offset of the first syntax error in `text` (the text's length when it ends early or is valid): a
 * small recursive-descent reader of the JSON grammar that only locates, never builds values.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  class Stop extends Error {}
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new Stop();
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return text.length;
  } catch (e) {
    if (e instanceof Stop) return i;
    throw e;
  }
}

/** Every SCP and RCP of the blueprint, with its content resolved and its size checked. */
export function desiredPolicies(
  blueprint: Blueprint,
  blueprintDir: string,
  library: LibraryContext,
): DesiredPolicy[] {
  const out: DesiredPolicy[] = [];
  const g = blueprint.governance;
  g.serviceControlPolicies.forEach((p, i) => {
    const path = `governance.serviceControlPolicies.${i}`;
    const content = p.builtin
      ? minifyPolicy(SCP_LIBRARY[p.builtin](library))
      : readPolicyFile(blueprintDir, p.file ?? '', `${path}.file`);
    out.push({
      name: p.name,
      type: 'SERVICE_CONTROL_POLICY',
      kind: 'scp',
      description: p.description ?? (p.builtin ? BUILTIN_DESCRIPTIONS[p.builtin] : `sra-kit: ${p.name}`),
      content,
      targets: p.targets,
      path,
    });
  });
  g.resourceControlPolicies.forEach((p, i) => {
    const path = `governance.resourceControlPolicies.${i}`;
    const content = p.builtin
      ? minifyPolicy(RCP_LIBRARY[p.builtin](library))
      : readPolicyFile(blueprintDir, p.file ?? '', `${path}.file`);
    out.push({
      name: p.name,
      type: 'RESOURCE_CONTROL_POLICY',
      kind: 'rcp',
      description: p.description ?? (p.builtin ? BUILTIN_DESCRIPTIONS[p.builtin] : `sra-kit: ${p.name}`),
      content,
      targets: p.targets,
      path,
    });
  });
  for (const p of out) {
    if (p.content.length > POLICY_SIZE_LIMIT) {
      throw new SraError(
        'POLICY_TOO_LARGE',
        `${p.kind.toUpperCase()} "${p.name}" is ${p.content.length} characters minified; AWS Organizations accepts at most ${POLICY_SIZE_LIMIT}`,
        {
          path: p.path,
          hint: 'split the policy into two, or shorten it with wildcards (see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html)',
          exitCode: ExitCode.Usage,
        },
      );
    }
  }
  return out;
}
