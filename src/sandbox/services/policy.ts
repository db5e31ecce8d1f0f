/**
 * IAM policy documents for the simulated services: parse and validate a JSON policy (bucket
 * policies, key policies, …), evaluate it for one request, and tell whether it grants public
 * access. Shared by S3, KMS, CloudTrail and Config here; any other simulated service that keeps a
 * resource policy may use it too.
 *
 * Evaluation follows the IAM policy evaluation logic for a single resource-based policy: an explicit
 * `Deny` wins, then an `Allow`, otherwise the request is implicitly denied.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * What is modelled (and what is not):
 * - `Principal` / `NotPrincipal` with `"*"`, `AWS` (account id, `:root`, user, role and assumed-role
 *   ARNs; a role ARN also matches its sessions) and `Service`. `Federated` and `CanonicalUser`
 *   never match a sandbox caller.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * - `Action` / `NotAction` with `*` and `?` wildcards, case-insensitive; `Resource` / `NotResource`
 *   with wildcards, case-sensitive.
 * - `Condition` operators String*, Arn*, Bool, Null, Numeric*, Date*, IpAddress/NotIpAddress (IPv4),
 *   each with the `IfExists` suffix and the `ForAnyValue:` / `ForAllValues:` set prefixes, against
 *   the request context the calling service supplies (keys are case-insensitive). A key missing from
 *   the context fails a positive operator and satisfies a negated one, as in IAM.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * - An operator the sandbox does not know is given the benefit of the doubt: it is treated as
 *   satisfied in an `Allow` statement and as not satisfied in a `Deny` statement, so a condition the
 *   sandbox cannot judge never produces an access error AWS would not produce.
 * - Identity-based policies, permission boundaries, SCPs and session policies are not evaluated
 *   here (the sandbox's `deny` knob stands in for them).
 */

/** Kinds of principal a statement can name. */
interface PrincipalSet {
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  any: boolean;
  /** Entries of the `AWS` element (account ids and IAM ARNs). */
  aws: string[];
  /** Entries of the `Service` element. */
  service: string[];
  /** Entries of other elements (`Federated`, `CanonicalUser`): never matched by the sandbox. */
  other: string[];
}

/** One condition of a statement, e.g. `StringEquals` / `aws:SourceAccount` / `["111111111111"]`. */
export interface PolicyCondition {
  /** Operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** Condition key as written, e.g. `aws:SourceArn`. */
  key: string;
  /** Values, converted to strings. */
  values: string[];
}

/** A normalised policy statement. */
export interface PolicyStatement {
  /** Statement id. */
  sid?: string;
  /** Effect. */
  effect: 'Allow' | 'Deny';
  /** `Principal`, when present. */
  principal?: PrincipalSet;
  /** `NotPrincipal`, when present. */
  notPrincipal?: PrincipalSet;
  /** `Action`, when present. */
  actions?: string[];
  /** `NotAction`, when present. */
  notActions?: string[];
  /** `Resource`, when present. */
  resources?: string[];
  /** `NotResource`, when present. */
  notResources?: string[];
  /** Conditions, all of which must hold. */
  conditions: PolicyCondition[];
}

/** A parsed and validated policy document. */
export interface PolicyDocument {
  /** `Version`, when present. */
  version?: string;
  /** `Id`, when present. */
  id?: string;
  /** The statements. */
  statements: PolicyStatement[];
}

/** Service-specific validation rules for {@link parsePolicy}. */
export interface PolicyRules {
  /** Every statement must name a principal (resource-based policies). @default true */
  requirePrincipal?: boolean;
  /** Every statement must have `Action` or `NotAction`. @default true */
  requireAction?: boolean;
  /** Every statement must have `Resource` or `NotResource`. @default true */
  requireResource?: boolean;
  /** Service prefixes an action may use (besides `*`), e.g. `['s3']`. Unset: any. */
  actionPrefixes?: readonly string[];
  /** Extra check of each `Resource` / `NotResource` entry. */
  validResource?: (resource: string) => boolean;
  /** Largest accepted document, in characters. */
  maxLength?: number;
}

/** Result of {@link parsePolicy}: the document, or why it is malformed. */
export type ParsedPolicy =
  { ok: true; policy: PolicyDocument } | { ok: false; reason: string; tooLarge?: boolean };

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

const AWS_PRINCIPAL =
  /^(\d{12}|arn:aws[\w-]*:iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)|arn:aws[\w-]*:sts::\d{12}:(assumed-role|federated-user)\/.+)$/;

function list(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parsePrincipal(raw: unknown): PrincipalSet | string {
  if (raw === '*') return { any: true, aws: [], service: [], other: [] };
  if (!isRecord(raw)) return 'Invalid principal in policy';
  const set: PrincipalSet = { any: false, aws: [], service: [], other: [] };
  for (const [kind, value] of Object.entries(raw)) {
    const entries = list(value);
    if (!entries || entries.length === 0) return 'Invalid principal in policy';
    if (kind === 'AWS') {
      for (const e of entries) {
        if (e === '*') set.any = true;
        else if (AWS_PRINCIPAL.test(e)) set.aws.push(e);
        else return 'Invalid principal in policy';
      }
    } else if (kind === 'Service') {
      for (const e of entries) {
        if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(e)) return 'Invalid principal in policy';
        set.service.push(e.toLowerCase());
      }
    } else if (kind === 'Federated' || kind === 'CanonicalUser') {
      set.other.push(...entries);
    } else {
      return 'Invalid principal in policy';
    }
  }
  return set;
}

function parseConditions(raw: unknown): PolicyCondition[] | string {
  if (raw === undefined) return [];
  if (!isRecord(raw)) return 'Invalid Condition block';
  const out: PolicyCondition[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    if (!isRecord(block)) return `Invalid Condition block for operator ${operator}`;
    for (const [key, value] of Object.entries(block)) {
      const values = (Array.isArray(value) ? value : [value]).map((v) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined,
      );
      if (values.length === 0 || values.some((v) => v === undefined)) {
        return `Invalid value for condition key ${key}`;
      }
      out.push({ operator, key, values: values as string[] });
    }
  }
  return out;
}

/**
 * Parses and validates a JSON policy document. Returns the normalised document or the reason the
 * service would reject it (S3 answers `MalformedPolicy`, KMS `MalformedPolicyDocumentException`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function parsePolicy(text: string, rules: PolicyRules = {}): ParsedPolicy {
  if (rules.maxLength !== undefined && text.length > rules.maxLength) {
    return {
      ok: false,
      reason: `Policy exceeds the maximum size of ${rules.maxLength} characters`,
      tooLarge: true,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'This policy contains invalid Json' };
  }
  if (!isRecord(raw)) return { ok: false, reason: 'This policy contains invalid Json' };
  const version = raw['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    return { ok: false, reason: 'Invalid policy version' };
  }
  const rawStatements = raw['Statement'];
  if (rawStatements === undefined) return { ok: false, reason: 'Missing required field Statement' };
  const items = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (items.length === 0) return { ok: false, reason: 'Missing required field Statement' };
  const statements: PolicyStatement[] = [];
  for (const item of items) {
    if (!isRecord(item)) return { ok: false, reason: 'Invalid statement' };
    for (const k of Object.keys(item)) {
      if (!STATEMENT_KEYS.has(k)) return { ok: false, reason: `Unknown field ${k}` };
    }
    const effect = item['Effect'];
    if (effect !== 'Allow' && effect !== 'Deny') {
      return { ok: false, reason: `Invalid effect: ${String(effect)}` };
    }
    const stmt: PolicyStatement = { effect, conditions: [] };
    if (typeof item['Sid'] === 'string') stmt.sid = item['Sid'];
    if (item['Principal'] !== undefined && item['NotPrincipal'] !== undefined) {
      return { ok: false, reason: 'A statement cannot have both Principal and NotPrincipal' };
    }
    for (const field of ['Principal', 'NotPrincipal'] as const) {
      if (item[field] === undefined) continue;
      const p = parsePrincipal(item[field]);
      if (typeof p === 'string') return { ok: false, reason: p };
      if (field === 'Principal') stmt.principal = p;
      else stmt.notPrincipal = p;
    }
    if ((rules.requirePrincipal ?? true) && !stmt.principal && !stmt.notPrincipal) {
      return { ok: false, reason: 'Missing required field Principal' };
    }
    for (const [field, target] of [
      ['Action', 'actions'],
      ['NotAction', 'notActions'],
      ['Resource', 'resources'],
      ['NotResource', 'notResources'],
    ] as const) {
      if (item[field] === undefined) continue;
      const entries = list(item[field]);
      if (!entries) return { ok: false, reason: `Invalid ${field} element` };
      stmt[target] = entries;
    }
    if (stmt.actions && stmt.notActions) {
      return { ok: false, reason: 'A statement cannot have both Action and NotAction' };
    }
    if (stmt.resources && stmt.notResources) {
      return { ok: false, reason: 'A statement cannot have both Resource and NotResource' };
    }
    if ((rules.requireAction ?? true) && !stmt.actions && !stmt.notActions) {
      return { ok: false, reason: 'Missing required field Action' };
    }
    if ((rules.requireResource ?? true) && !stmt.resources && !stmt.notResources) {
      return { ok: false, reason: 'Missing required field Resource' };
    }
    const prefixes = rules.actionPrefixes;
    if (prefixes) {
      for (const a of [...(stmt.actions ?? []), ...(stmt.notActions ?? [])]) {
        const prefix = a.split(':')[0]!.toLowerCase();
        if (a !== '*' && (!a.includes(':') || !prefixes.includes(prefix))) {
          return { ok: false, reason: 'Policy has invalid action' };
        }
      }
    }
    if (rules.validResource) {
      for (const r of [...(stmt.resources ?? []), ...(stmt.notResources ?? [])]) {
        if (!rules.validResource(r)) return { ok: false, reason: 'Policy has invalid resource' };
      }
    }
    const conditions = parseConditions(item['Condition']);
    if (typeof conditions === 'string') return { ok: false, reason: conditions };
    stmt.conditions = conditions;
    statements.push(stmt);
  }
  const doc: PolicyDocument = { statements };
  if (typeof version === 'string') doc.version = version;
  if (typeof raw['Id'] === 'string') doc.id = raw['Id'];
  return { ok: true, policy: doc };
}

/** Who makes a request that a policy is evaluated for. */
export type PolicyCaller =
  /** An IAM identity (user, role session or root) of `account`. */
  | { kind: 'aws'; account: string; arn: string }
  /** An AWS service acting with its service principal, e.g. `cloudtrail.amazonaws.com`. */
  | { kind: 'service'; service: string }
  /** An unauthenticated caller. */
  | { kind: 'anonymous' };

/** Values of the request context, by condition key (matched case-insensitively). */
export type PolicyContext = Record<string, string | readonly string[] | undefined>;

/** One request to evaluate a policy for. */
export interface PolicyRequest {
  /** The caller. */
  caller: PolicyCaller;
  /** IAM action, e.g. `s3:PutObject`. */
  action: string;
  /** Resource ARN; statements' `Resource` is not checked when unset. */
  resource?: string;
  /** Request context for conditions. */
  context?: PolicyContext;
}

/** Outcome of {@link evaluatePolicy}. */
export type PolicyDecision = 'allow' | 'deny' | 'implicit-deny';

/** Case-insensitive (`ci`) or case-sensitive wildcard match with `*` and `?`. */
export function wildcardMatch(pattern: string, value: string, ci = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ci ? 'is' : 's').test(value);
}

function accountOfPrincipal(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  const m = /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(entry);
  return m?.[1];
}

function principalMatches(set: PrincipalSet, caller: PolicyCaller): boolean {
  if (set.any) return true;
  if (caller.kind === 'service') return set.service.includes(caller.service.toLowerCase());
  if (caller.kind !== 'aws') return false;
  for (const entry of set.aws) {
    const account = accountOfPrincipal(entry);
    if (account !== undefined) {
      if (account === caller.account) return true;
      continue;
    }
    if (entry === caller.arn) return true;
    // A role ARN (with or without a path) also matches every session of that role.
    const role = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry);
    const session = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn);
    if (role && session && role[1] === session[1] && role[2] === session[2]) return true;
  }
  return false;
}

function lookup(context: PolicyContext | undefined, key: string): string[] | undefined {
  if (!context) return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    return typeof v === 'string' ? [v] : [...v];
  }
  return undefined;
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? '');
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const block = 2 ** (32 - bits);
  return Math.floor(a / block) === Math.floor(b / block);
}

/** Positive form of a base operator: compares one request value with one policy value. */
function basePredicate(base: string): ((request: string, policy: string) => boolean) | undefined {
  switch (base) {
    case 'StringEquals':
      return (r, p) => r === p;
    case 'StringEqualsIgnoreCase':
      return (r, p) => r.toLowerCase() === p.toLowerCase();
    case 'StringLike':
      return (r, p) => wildcardMatch(p, r);
    case 'ArnEquals':
    case 'ArnLike':
      return (r, p) => wildcardMatch(p, r);
    case 'Bool':
      return (r, p) => r.toLowerCase() === p.toLowerCase();
    case 'NumericEquals':
      return (r, p) => Number(r) === Number(p);
    case 'NumericLessThan':
      return (r, p) => Number(r) < Number(p);
    case 'NumericLessThanEquals':
      return (r, p) => Number(r) <= Number(p);
    case 'NumericGreaterThan':
      return (r, p) => Number(r) > Number(p);
    case 'NumericGreaterThanEquals':
      return (r, p) => Number(r) >= Number(p);
    case 'DateEquals':
      return (r, p) => Date.parse(r) === Date.parse(p);
    case 'DateLessThan':
      return (r, p) => Date.parse(r) < Date.parse(p);
    case 'DateLessThanEquals':
      return (r, p) => Date.parse(r) <= Date.parse(p);
    case 'DateGreaterThan':
      return (r, p) => Date.parse(r) > Date.parse(p);
    case 'DateGreaterThanEquals':
      return (r, p) => Date.parse(r) >= Date.parse(p);
    case 'IpAddress':
      return (r, p) => inCidr(r, p);
    default:
      return undefined;
  }
}

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};

/** True/false when the condition holds or not; undefined when the operator is unknown. */
function evaluateCondition(c: PolicyCondition, context: PolicyContext | undefined): boolean | undefined {
  let op = c.operator;
  let set: 'any' | 'all' | undefined;
  if (op.startsWith('ForAnyValue:')) {
    set = 'any';
    op = op.slice('ForAnyValue:'.length);
  } else if (op.startsWith('ForAllValues:')) {
    set = 'all';
    op = op.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (op.endsWith('IfExists')) {
    ifExists = true;
    op = op.slice(0, -'IfExists'.length);
  }
  const present = lookup(context, c.key);
  if (op === 'Null') {
    const wantsAbsent = c.values.some((v) => v.toLowerCase() === 'true');
    return wantsAbsent ? present === undefined : present !== undefined;
  }
  const negated = op in NEGATED;
  const predicate = basePredicate(negated ? NEGATED[op]! : op);
  if (!predicate) return undefined;
  if (present === undefined) {
    if (ifExists) return true;
    if (set === 'all') return true;
    if (set === 'any') return false;
    return negated;
  }
  const one = (r: string): boolean => {
    const hit = c.values.some((p) => predicate(r, p));
    return negated ? !hit : hit;
  };
  if (set === 'all') return present.every(one);
  if (negated && set === undefined) return present.every(one);
  return present.some(one);
}

/** True when the statement matches the request (principal, action, resource and conditions). */
export function statementMatches(stmt: PolicyStatement, req: PolicyRequest): boolean {
  if (stmt.principal && !principalMatches(stmt.principal, req.caller)) return false;
  if (stmt.notPrincipal && principalMatches(stmt.notPrincipal, req.caller)) return false;
  if (stmt.actions && !stmt.actions.some((a) => wildcardMatch(a, req.action, true))) return false;
  if (stmt.notActions && stmt.notActions.some((a) => wildcardMatch(a, req.action, true))) return false;
  if (!stmt.actions && !stmt.notActions) return false;
  if (req.resource !== undefined) {
    if (stmt.resources && !stmt.resources.some((r) => wildcardMatch(r, req.resource!))) return false;
    if (stmt.notResources && stmt.notResources.some((r) => wildcardMatch(r, req.resource!))) return false;
  }
  for (const c of stmt.conditions) {
    const holds = evaluateCondition(c, req.context);
    // Unknown operator: benefit of the doubt (see the file header).
    if (holds === undefined) {
      if (stmt.effect === 'Deny') return false;
      continue;
    }
    if (!holds) return false;
  }
  return true;
}

/** Evaluates one resource-based policy for a request: explicit deny, allow, or implicit deny. */
export function evaluatePolicy(policy: PolicyDocument, req: PolicyRequest): PolicyDecision {
  let allowed = false;
  for (const stmt of policy.statements) {
    if (!statementMatches(stmt, req)) continue;
    if (stmt.effect === 'Deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/** Convenience: parses `text` (leniently) and evaluates it; an unparsable policy allows nothing. */
export function policyAllows(text: string | undefined, req: PolicyRequest): boolean {
  if (text === undefined) return false;
  const parsed = parsePolicy(text, { requirePrincipal: false, requireAction: false, requireResource: false });
  return parsed.ok && evaluatePolicy(parsed.policy, req) === 'allow';
}

/**
 * Condition keys that, with a fixed value, make a statement with a wildcard principal non-public.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
const RESTRICTING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalservicename',
  'aws:userid',
  'aws:sourceip',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

const FIXED_OPERATORS = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'IpAddress',
]);

function restrictsToFixedValues(c: PolicyCondition): boolean {
  const key = c.key.toLowerCase();
  if (!RESTRICTING_KEYS.has(key)) return false;
  const op = c.operator.replace(/^ForAnyValue:|^ForAllValues:/, '');
  if (!FIXED_OPERATORS.has(op)) return false;
  if (key === 'aws:sourceip') {
    // A range of /8 or wider counts as public, like 0.0.0.0/1.
    return c.values.every((v) => Number(v.split('/')[1] ?? '32') > 8);
  }
  if (key === 'aws:userid') return c.values.every((v) => !/^[^*?]*:\*$/.test(v) && !/[*?]/.test(v));
  return c.values.every((v) => !/[*?]/.test(v));
}

/**
 * True when the policy is "public" in S3's sense: an `Allow` statement names a wildcard principal
 * (or uses `NotPrincipal`) and no condition pins a restricting key to fixed values.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
export function isPublicPolicy(policy: PolicyDocument): boolean {
  return policy.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      (s.principal?.any === true || s.notPrincipal !== undefined) &&
      !s.conditions.some(restrictsToFixedValues),
  );
}

/** The {@link PolicyCaller} for a sandbox principal ARN and account. */
export function awsCaller(account: string, arn: string): PolicyCaller {
  return { kind: 'aws', account, arn };
}
