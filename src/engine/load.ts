/**
 * Loading a saved plan (`sra apply plan.json`): JSON syntax, then shape (zod), then meaning — the plan
 * must be for this sra-kit version's plan format, and it must still describe what needs doing (a stale
 * plan is refused). Every error names the file, the line and the field, with a hint.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { CAPABILITY_IDS } from '../catalog/ids.js';
import { ExitCode, SraError } from '../errors.js';
import { stepsDigest } from './plan.js';
import { canonicalJson, isRef } from './step.js';
import { PLAN_SCHEMA_VERSION, type OpHandler, type Plan, type Step } from './types.js';

const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

const stepSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]+\/\d{12}\/[a-z0-9-]+\/.+$/, 'a step id looks like feature/account/region/resource'),
  op: z.string().min(1),
  action: z.enum(['create', 'update', 'delete']),
  feature: z.string().min(1),
  capability: z.enum(CAPABILITY_IDS),
  account: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  region: z.string().min(1),
  summary: z.string(),
  params: z.record(z.string(), json),
  dependsOn: z.array(z.string()),
  changes: z.array(z.strictObject({ field: z.string(), from: json, to: json })).optional(),
});

const planSchema = z.strictObject({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  kind: z.literal('sra-plan'),
  mode: z.enum(['apply', 'destroy']),
  toolVersion: z.string(),
  createdAt: z.string(),
  collectedAt: z.string(),
  organizationId: z.string(),
  managementAccountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  homeRegion: z.string(),
  blueprint: z.strictObject({ path: z.string(), digest: z.string() }),
  digest: z.string(),
  steps: z.array(stepSchema),
  notes: z.array(z.string()),
});

function planError(file: string, line: number | undefined, message: string, hint: string): SraError {
  return new SraError('PLAN_INVALID', `${file}${line ? `:${line}` : ''}: ${message}`, {
    file,
    ...(line ? { line } : {}),
    hint,
    exitCode: ExitCode.Usage,
  });
}

/** Parses and checks plan text; `ops` (when given) must know every step's op and its required params. */
export function parsePlan(text: string, file: string, ops?: ReadonlyMap<string, OpHandler>): Plan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number) => lines.linePos(offset).line;
  if (doc.errors.length > 0 || text.trim() === '') {
    const e = doc.errors[0];
    throw planError(
      file,
      e ? lineOf(e.pos[0]) : 1,
      `not valid JSON${e ? `: ${e.message.split('\n')[0]}` : ' (empty file)'}`,
      'a plan file is written by `sra plan --out plan.json`; make a new one',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw planError(
      file,
      undefined,
      `not valid JSON: ${(e as Error).message}`,
      'make a new plan with `sra plan --out plan.json`',
    );
  }
  const at = (path: readonly PropertyKey[]): number | undefined => {
    let node: unknown = doc.contents;
    for (const key of path) {
      if (isMap(node)) node = node.get(String(key), true);
      else if (isSeq(node)) node = node.get(Number(key), true);
      else break;
    }
    const range = (node as Node | undefined)?.range;
    return range ? lineOf(range[0]) : undefined;
  };
  const kind = (raw as { kind?: unknown } | null)?.kind;
  if (typeof raw !== 'object' || raw === null || kind !== 'sra-plan') {
    throw planError(
      file,
      1,
      'not an sra-kit plan (no "kind": "sra-plan")',
      'pass a file written by `sra plan --out`, or a blueprint (.yaml)',
    );
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version !== PLAN_SCHEMA_VERSION) {
    throw planError(
      file,
      at(['schemaVersion']),
      `plan format version ${JSON.stringify(version)} is not supported (this sra-kit reads version ${PLAN_SCHEMA_VERSION})`,
      'make a new plan with this version of sra-kit',
    );
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw planError(
      file,
      at(issue.path),
      `${path || '(top level)'}: ${issue.message}`,
      'plan files are written by sra plan; do not edit them by hand — make a new one',
    );
  }
  const plan = parsed.data as Plan;
  if (stepsDigest(plan.steps) !== plan.digest) {
    throw planError(
      file,
      at(['digest']),
      'the steps do not match the plan digest: the file was edited after `sra plan` wrote it',
      'make a new plan with `sra plan --out`',
    );
  }
  plan.steps.forEach((step, i) => {
    if (!ops) return;
    const handler = ops.get(step.op);
    if (!handler) {
      throw planError(
        file,
        at(['steps', i, 'op']),
        `steps.${i}.op: unknown operation "${step.op}"`,
        'the plan was made by another sra-kit version; make a new one',
      );
    }
    for (const p of handler.required ?? []) {
      if (!(p in step.params)) {
        throw planError(
          file,
          at(['steps', i, 'params']),
          `steps.${i}.params: ${step.op} needs "${p}"`,
          'make a new plan with `sra plan --out`',
        );
      }
    }
  });
  return plan;
}

/** Reads and checks a plan file. */
export async function loadPlan(
  path: string,
  display: string,
  ops?: ReadonlyMap<string, OpHandler>,
): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SraError(
      'PLAN_UNREADABLE',
      `cannot read the plan ${display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      {
        file: display,
        hint: 'check the path; `sra plan --out plan.json` writes one',
        exitCode: ExitCode.Usage,
      },
    );
  }
  return parsePlan(text, display, ops);
}

/** Why a saved step no longer matches the step a fresh plan wants, or `undefined` when it does. */
function stepDrift(saved: Step, fresh: Step): string | undefined {
  if (saved.op !== fresh.op || saved.action !== fresh.action)
    return `now needs ${fresh.action} (${fresh.op})`;
  const keys = new Set([...Object.keys(saved.params), ...Object.keys(fresh.params)]);
  for (const k of keys) {
    const a = saved.params[k];
    const b = fresh.params[k];
    if (isRef(a) && isRef(b)) continue;
    // A value the saved plan expected a step of the plan to produce (a new key's ARN) may now exist.
    if (isRef(a) && b !== undefined) continue;
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) return `parameter ${k} changed`;
  }
  return undefined;
}

/**
 * Refuses a stale plan file: the organization must be the same, and every step a fresh plan (made now,
 * from the same blueprint) wants must be in the saved plan with the same operation and parameters. Steps
 * of the saved plan that are no longer needed (done by an interrupted run of it, or by someone else) are
 * fine: they are skipped. Returns the steps of the saved plan that still need doing, in its order.
 */
export function checkFresh(saved: Plan, fresh: Plan, file: string): Plan {
  const problems: string[] = [];
  if (saved.organizationId !== fresh.organizationId)
    problems.push(`it is for organization ${saved.organizationId}, not ${fresh.organizationId}`);
  if (saved.managementAccountId !== fresh.managementAccountId)
    problems.push(
      `it is for management account ${saved.managementAccountId}, not ${fresh.managementAccountId}`,
    );
  if (saved.mode !== fresh.mode) problems.push(`it is a ${saved.mode} plan`);
  if (saved.blueprint.digest !== fresh.blueprint.digest)
    problems.push('the blueprint changed since the plan was made');
  const savedById = new Map(saved.steps.map((s) => [s.id, s]));
  for (const s of fresh.steps) {
    const old = savedById.get(s.id);
    const drift = old ? stepDrift(old, s) : 'is needed now but not in the plan';
    if (drift) problems.push(`the organization changed: ${s.id} (${s.summary}) ${drift}`);
    if (problems.length >= 5) break;
  }
  if (problems.length > 0) {
    throw new SraError('PLAN_STALE', `${file}: refusing a stale plan: ${problems.join('; ')}`, {
      file,
      hint: 'make a new plan (`sra plan --out plan.json`), review it, and apply that',
      exitCode: ExitCode.Usage,
    });
  }
  return saved;
}
