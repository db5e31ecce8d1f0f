/**
 * Reading resource policies (bucket policies, key policies) for controls: just enough of the IAM
 * policy grammar to answer "does this policy deny plain HTTP?" and "does it open the resource to
 * everyone?". https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */

/** One statement, with single values widened to lists. */
export interface PolicyStatement {
  /** `Allow` or `Deny`. */
  effect: string;
  /** `*` for everyone, else principals by type (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
  principal: '*' | Record<string, string[]> | undefined;
  /** Actions (`Action`); empty with `NotAction`. */
  actions: string[];
  /** Whether the statement uses `NotAction`. */
  notAction: boolean;
  /** Resources. */
  resources: string[];
  /** Conditions: operator → key → values (as strings). */
  conditions: Record<string, Record<string, string[]>>;
}

const list = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map((x) => String(x)) : [String(v)];

/** Parses a policy document; undefined when it is not JSON or has no statements. */
export function parsePolicyDocument(text: string): PolicyStatement[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return statements
    .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
    .map((s) => {
      const p = s.Principal;
      let principal: PolicyStatement['principal'];
      if (p === '*') principal = '*';
      else if (p && typeof p === 'object') {
        principal = Object.fromEntries(
          Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, list(v)]),
        );
      }
      const conditions: PolicyStatement['conditions'] = {};
      const c = s.Condition;
      if (c && typeof c === 'object') {
        for (const [op, kv] of Object.entries(c as Record<string, unknown>)) {
          if (!kv || typeof kv !== 'object') continue;
          conditions[op] = Object.fromEntries(
            Object.entries(kv as Record<string, unknown>).map(([k, v]) => [k, list(v)]),
          );
        }
      }
      return {
        effect: String(s.Effect ?? ''),
        principal,
        actions: list(s.Action),
        notAction: s.NotAction !== undefined,
        resources: list(s.Resource),
        conditions,
      };
    });
}

/** True when the statement's principal is everyone (`"*"` or `{"AWS": "*"}`). */
export function isEveryone(s: PolicyStatement): boolean {
  if (s.principal === '*') return true;
  return (s.principal?.AWS ?? []).includes('*');
}

/** Glob match with `*` and `?`, as IAM matches actions and resources. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ignoreCase ? 'i' : '',
  );
  return re.test(value);
}

/** Condition values of `key` under any operator matching `operator` (case-insensitive keys). */
function conditionValues(s: PolicyStatement, operator: RegExp, key: string): string[] {
  const out: string[] = [];
  for (const [op, kv] of Object.entries(s.conditions)) {
    if (!operator.test(op)) continue;
    for (const [k, v] of Object.entries(kv)) if (k.toLowerCase() === key.toLowerCase()) out.push(...v);
  }
  return out;
}

/**
 * Whether a bucket policy refuses every request made without TLS: a `Deny` for everyone, on all S3
 * actions (`s3:*` or `*`), on the bucket and its objects, when `aws:SecureTransport` is false. This is
 * what Security Hub control S3.5 looks for.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5
 */
export function deniesInsecureTransport(statements: readonly PolicyStatement[], bucket: string): boolean {
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const covers = (s: PolicyStatement, arn: string) => s.resources.some((r) => globMatch(r, arn));
  return statements.some(
    (s) =>
      s.effect === 'Deny' &&
      isEveryone(s) &&
      !s.notAction &&
      s.actions.some((a) => a === '*' || a.toLowerCase() === 's3:*') &&
      covers(s, bucketArn) &&
      covers(s, `${bucketArn}/any-object`) &&
      conditionValues(s, /^Bool(IfExists)?$/i, 'aws:SecureTransport').some(
        (v) => v.toLowerCase() === 'false',
      ),
  );
}

/**
 * Condition keys that narrow a statement for everyone down to known callers (an organization, an
 * account, a resource, a network path). A statement for `*` with none of them is public.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export const RESTRICTING_CONDITION_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'kms:calleraccount',
] as const;

/** `Allow` statements open to everyone without a restricting condition. */
export function publicAllowStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
  return statements.filter((s) => {
    if (s.effect !== 'Allow' || !isEveryone(s)) return false;
    const keys = Object.values(s.conditions).flatMap((kv) => Object.keys(kv).map((k) => k.toLowerCase()));
    return !keys.some((k) => (RESTRICTING_CONDITION_KEYS as readonly string[]).includes(k));
  });
}
