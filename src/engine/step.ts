/** Helpers features use to build steps: stable ids, output references and dependency lists. */
import type { CapabilityId } from '../catalog/ids.js';
import type { FieldChange, Json, OutputRef, Provided, Step, StepAction } from './types.js';

/** Region segment of step ids for global resources. */
export const GLOBAL = 'global';

/** What {@link makeStep} needs. */
export interface StepSpec {
  feature: string;
  /** Operation name; must start with `<feature>.`. */
  op: string;
  action: StepAction;
  capability: CapabilityId;
  account: string;
  /** Region the step runs in. */
  region: string;
  /**
   * Last segment of the id, naming the resource (`kms-key`, `scp:deny-root-user`). With `global: true`
   * the id uses `global` instead of the Region (one resource per account, e.g. the password policy).
   */
  resource: string;
  global?: boolean;
  summary: string;
  params?: Step['params'];
  dependsOn?: readonly (string | undefined)[];
  changes?: FieldChange[];
}

/** The stable id of a step: `<feature>/<account>/<region|global>/<resource>`. */
export function stepId(feature: string, account: string, region: string, resource: string): string {
  return `${feature}/${account}/${region}/${resource}`;
}

/** Builds a step; dependencies are de-duplicated and `undefined` entries dropped. */
export function makeStep(spec: StepSpec): Step {
  if (!spec.op.startsWith(`${spec.feature}.`)) {
    throw new Error(`op ${spec.op} does not belong to feature ${spec.feature}`);
  }
  const deps = [...new Set(spec.dependsOn?.filter((d): d is string => d !== undefined) ?? [])];
  return {
    id: stepId(spec.feature, spec.account, spec.global ? GLOBAL : spec.region, spec.resource),
    op: spec.op,
    action: spec.action,
    feature: spec.feature,
    capability: spec.capability,
    account: spec.account,
    region: spec.region,
    summary: spec.summary,
    params: spec.params ?? {},
    dependsOn: deps,
    ...(spec.changes?.length ? { changes: spec.changes } : {}),
  };
}

/** A reference to output `output` of step `stepId`. */
export function ref(stepId: string, output: string): OutputRef {
  return { $ref: `${stepId}#${output}` };
}

/** True when `value` is an {@link OutputRef}. */
export function isRef(value: unknown): value is OutputRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { $ref?: unknown }).$ref === 'string' &&
    Object.keys(value).length === 1
  );
}

/** Splits a `$ref` into step id and output name. */
export function parseRef(r: OutputRef): { step: string; output: string } {
  const at = r.$ref.lastIndexOf('#');
  return { step: r.$ref.slice(0, at), output: r.$ref.slice(at + 1) };
}

/** A provided value that already exists (nothing to wait for). */
export function existing(value: string): Provided {
  return { value, after: [] };
}

/** A provided value that a step of this plan creates. */
export function planned(stepIdOrRef: string | OutputRef, after: readonly string[]): Provided {
  return { value: stepIdOrRef, after: [...after] };
}

/** Shallow JSON equality for change detection (arrays compared in order, objects by sorted keys). */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** JSON with object keys sorted (stable digests and comparisons). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)),
      );
    }
    return v;
  });
}
