/**
 * The data model of the HTML report, built once per render from a {@link VerifyResult}:
 *
 * - {@link ReportData}: the compact JSON the client script reads. Controls, accounts, Regions and
 *   every free-text string are stored once in index tables, and each finding is a short array of
 *   indexes, so 200,000 findings stay a few megabytes.
 * - {@link Aggregates}: what the server-rendered parts draw (heatmaps, the organization tree).
 *
 * Nothing here escapes anything: escaping happens where the data meets markup (template.ts) and in
 * the JSON serialization (escape.ts).
 */
import { ACCOUNT_ROLE_IDS, CAPABILITY_IDS, PRINCIPLE_IDS } from '../../catalog/ids.js';
import { CAPABILITIES } from '../../catalog/capabilities.js';
import { PRINCIPLES } from '../../catalog/principles.js';
import { ACCOUNT_ROLES } from '../../catalog/account-roles.js';
import type { AccountInfo } from '../../observe/types.js';
import type { VerifyResult } from '../../verify/result.js';
import { SEVERITY_WEIGHTS } from '../../verify/score.js';
import { SEVERITIES, type Finding } from '../../verify/types.js';
import { evidenceText, referenceList, STATUS_ORDER } from '../common.js';
import { changeIndex, diffKey, type ChangeKind, type ResultDiff } from './diff.js';

/** Change kinds in the order the report lists them; index 0 means "no change recorded". */
export const CHANGE_KINDS: readonly (ChangeKind | '')[] = [
  '',
  'new',
  'regressed',
  'fixed',
  'unchanged-failing',
  'unverified',
];

/** An id with its human name. */
export interface Named {
  /** Stable id. */
  id: string;
  /** Human name. */
  name: string;
}

/** A control as the client script sees it. Numbers are indexes into the other tables. */
export interface ControlRow {
  /** Control id. */
  id: string;
  /** Title. */
  title: string;
  /** Service key. */
  service: string;
  /** Capability indexes (into {@link ReportData.capabilities}). */
  cap: number[];
  /** Principle indexes (into {@link ReportData.principles}). */
  pri: number[];
  /** Risk when it fails. */
  risk: string;
  /** Blueprint key that fixes it, or `''`. */
  key: string;
  /** Manual remediation. */
  manual: string;
  /** External references (`SRA-…`, `FSBP …`, `CIS …`). */
  refs: string[];
}

/** An account as the client script sees it. */
export interface AccountRow {
  /** Account id. */
  id: string;
  /** Account name. */
  name: string;
  /** Role indexes (into {@link ReportData.roles}). */
  roles: number[];
  /** OU path joined with ` / ` (`''` under the root). */
  ou: string;
}

/**
 * One finding, as an array of indexes:
 * `[control, account, region (-1: none), status, severity, resource, message, change, expected, actual, error]`.
 * `status` indexes {@link STATUS_ORDER}, `severity` indexes {@link SEVERITIES}, `change` indexes
 * {@link CHANGE_KINDS}; text fields index {@link ReportData.strings} (-1: absent). Trailing -1 and
 * 0-change entries are left off.
 */
export type FindingTuple = number[];

/** The JSON embedded in the page for the client script. */
export interface ReportData {
  /** Version of this layout. */
  v: 1;
  /** Interned strings (resources, messages, evidence, errors). */
  strings: string[];
  /** Controls, sorted by id. */
  controls: ControlRow[];
  /** Accounts, sorted by id. */
  accounts: AccountRow[];
  /** Regions findings were evaluated in. */
  regions: string[];
  /** The nine capabilities. */
  capabilities: Named[];
  /** The seven principles. */
  principles: Named[];
  /** Account roles. */
  roles: Named[];
  /** Severities, highest first. */
  severities: string[];
  /** Statuses in report order. */
  statuses: string[];
  /** Change kinds (index 0 is "no change"). */
  changes: string[];
  /** Whether a baseline was compared. */
  baseline: boolean;
  /** Findings in report order (FAIL first, highest severity first, then control, account, Region, resource). */
  findings: FindingTuple[];
}

/** A cell of a heatmap: the score of the findings at the crossing of a row and a column. */
export interface HeatCell {
  /** 0–100, or `null` when nothing was evaluated. */
  score: number | null;
  /** FAIL findings. */
  fail: number;
  /** PASS findings. */
  pass: number;
  /** ERROR findings. */
  error: number;
  /** Failing control ids, most failures first (at most 5). */
  failingControls: string[];
}

/** A heatmap: rows (capabilities or principles) × columns (account roles), plus a row total. */
export interface Heatmap {
  /** Row ids and names. */
  rows: Named[];
  /** Column ids and names: the roles present in the result. */
  columns: Named[];
  /** `cells[row][column]`. */
  cells: HeatCell[][];
  /** The row over every role. */
  totals: HeatCell[];
}

/** An OU or root in the organization tree. */
export interface TreeNode {
  /** Root or OU id (`''` for a synthesized node). */
  id: string;
  /** Name. */
  name: string;
  /** Child OUs. */
  children: TreeNode[];
  /** Accounts directly under it. */
  accounts: TreeAccount[];
}

/** An account in the organization tree. */
export interface TreeAccount {
  /** Account info. */
  account: AccountInfo;
  /** Role names. */
  roles: Named[];
  /** Service principals it is delegated administrator of. */
  delegatedFor: string[];
  /** Its score, or `null`. */
  score: number | null;
  /** Its FAIL count. */
  fail: number;
}

/** What the server-rendered parts of the page draw. */
export interface Aggregates {
  /** Capability × role. */
  capabilityHeatmap: Heatmap;
  /** Principle × role. */
  principleHeatmap: Heatmap;
  /** The organization from the root down. */
  tree: TreeNode;
}

const nameOf = (list: readonly { id: string; name: string }[], id: string) =>
  list.find((x) => x.id === id)?.name ?? id;

/** Orders known ids first (in catalog order), then unknown ones alphabetically. */
function ordered(known: readonly string[], present: Iterable<string>): string[] {
  const set = new Set(present);
  return [...known.filter((k) => set.has(k)), ...[...set].filter((k) => !known.includes(k)).sort()];
}

class Interner {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  add(s: string | undefined): number {
    if (s === undefined || s === '') return -1;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

function errorText(f: Finding): string | undefined {
  const e = f.error;
  if (!e) return undefined;
  const name = e.awsErrorName ? ` (${e.awsErrorName})` : '';
  return `${e.kind}: ${e.operation}${name} in ${e.account}/${e.region}: ${e.message}`;
}

/** Builds the client data; `diff` marks each finding with its change since the baseline. */
export function buildReportData(result: VerifyResult, diff?: ResultDiff): ReportData {
  const strings = new Interner();
  const controlIds = ordered(
    [],
    [...result.controls.map((c) => c.id), ...result.findings.map((f) => f.controlId)],
  );
  const controlIndex = new Map(controlIds.map((id, i) => [id, i]));
  const byControl = new Map(result.controls.map((c) => [c.id, c]));
  const capabilities = ordered(CAPABILITY_IDS, [
    ...CAPABILITY_IDS,
    ...result.controls.flatMap((c) => c.capabilities),
  ]);
  const principles = ordered(PRINCIPLE_IDS, [
    ...PRINCIPLE_IDS,
    ...result.controls.flatMap((c) => c.principles),
  ]);
  const roles = ordered(
    ACCOUNT_ROLE_IDS,
    result.roles.flatMap((r) => r.roles),
  );
  const capIndex = new Map(capabilities.map((id, i) => [id, i]));
  const priIndex = new Map(principles.map((id, i) => [id, i]));
  const roleIndex = new Map(roles.map((id, i) => [id, i]));
  const rolesByAccount = new Map(result.roles.map((r) => [r.account, r.roles]));
  const accountIds = ordered(
    [],
    [...result.accounts.map((a) => a.id), ...result.findings.map((f) => f.account)],
  );
  const accountIndex = new Map(accountIds.map((id, i) => [id, i]));
  const accountInfo = new Map(result.accounts.map((a) => [a.id, a]));
  const regions = ordered(
    result.governedRegions,
    result.findings.flatMap((f) => (f.region ? [f.region] : [])),
  );
  const regionIndex = new Map(regions.map((r, i) => [r, i]));
  const changes = diff ? changeIndex(diff) : undefined;
  const changeCode = (f: Finding): number => {
    const kind = changes?.get(diffKey(f));
    return kind ? CHANGE_KINDS.indexOf(kind) : 0;
  };

  const tuples = result.findings.map((f) => {
    const t: FindingTuple = [
      controlIndex.get(f.controlId)!,
      accountIndex.get(f.account)!,
      f.region ? regionIndex.get(f.region)! : -1,
      STATUS_ORDER.indexOf(f.status),
      SEVERITIES.indexOf(f.severity),
      strings.add(f.resource),
      strings.add(f.message),
      changeCode(f),
      strings.add(f.expected === undefined ? undefined : evidenceText(f.expected)),
      strings.add(f.actual === undefined ? undefined : evidenceText(f.actual)),
      strings.add(errorText(f)),
    ];
    while (t.length > 8 && t[t.length - 1] === -1) t.pop();
    if (t.length === 8 && t[7] === 0) t.pop();
    return t;
  });
  const res = (t: FindingTuple) => strings.strings[t[5]!] ?? '';
  tuples.sort(
    (a, b) =>
      a[3]! - b[3]! ||
      a[4]! - b[4]! ||
      a[0]! - b[0]! ||
      a[1]! - b[1]! ||
      a[2]! - b[2]! ||
      (res(a) < res(b) ? -1 : res(a) > res(b) ? 1 : 0),
  );

  return {
    v: 1,
    strings: strings.strings,
    controls: controlIds.map((id) => {
      const c = byControl.get(id);
      return {
        id,
        title: c?.title ?? id,
        service: c?.service ?? id.split('.')[0] ?? '',
        cap: (c?.capabilities ?? []).map((x) => capIndex.get(x)!),
        pri: (c?.principles ?? []).map((x) => priIndex.get(x)!),
        risk: c?.risk ?? '',
        key: c?.remediation.blueprint ?? '',
        manual: c?.remediation.manual ?? '',
        refs: referenceList(c),
      };
    }),
    accounts: accountIds.map((id) => {
      const a = accountInfo.get(id);
      return {
        id,
        name: a?.name ?? '',
        roles: (rolesByAccount.get(id) ?? []).map((r) => roleIndex.get(r)!),
        ou: a?.ouPath.join(' / ') ?? '',
      };
    }),
    regions,
    capabilities: capabilities.map((id) => ({ id, name: nameOf(CAPABILITIES, id) })),
    principles: principles.map((id) => ({ id, name: nameOf(PRINCIPLES, id) })),
    roles: roles.map((id) => ({ id, name: nameOf(ACCOUNT_ROLES, id) })),
    severities: [...SEVERITIES],
    statuses: [...STATUS_ORDER],
    changes: CHANGE_KINDS.map((c) => c),
    baseline: diff !== undefined,
    findings: tuples,
  };
}

class Cell {
  pass = 0;
  fail = 0;
  error = 0;
  passWeight = 0;
  failWeight = 0;
  failing = new Map<string, number>();
  add(f: Finding): void {
    const w = SEVERITY_WEIGHTS[f.severity] ?? 0;
    if (f.status === 'PASS') {
      this.pass++;
      this.passWeight += w;
    } else if (f.status === 'FAIL') {
      this.fail++;
      this.failWeight += w;
      this.failing.set(f.controlId, (this.failing.get(f.controlId) ?? 0) + 1);
    } else if (f.status === 'ERROR') this.error++;
  }
  /** The same formula as src/verify/score.ts. */
  done(): HeatCell {
    const total = this.passWeight + this.failWeight;
    const evaluated = this.pass + this.fail;
    return {
      score: evaluated === 0 ? null : total === 0 ? 100 : Math.round((100 * this.passWeight) / total),
      fail: this.fail,
      pass: this.pass,
      error: this.error,
      failingControls: [...this.failing.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([id]) => id),
    };
  }
}

function heatmap(
  result: VerifyResult,
  rowIds: readonly string[],
  names: readonly { id: string; name: string }[],
  dimension: (controlId: string) => readonly string[],
): Heatmap {
  const roles = ordered(
    ACCOUNT_ROLE_IDS,
    result.roles.flatMap((r) => r.roles),
  );
  const rolesByAccount = new Map(result.roles.map((r) => [r.account, r.roles]));
  const grid = rowIds.map(() => roles.map(() => new Cell()));
  const totals = rowIds.map(() => new Cell());
  const rowIndex = new Map(rowIds.map((id, i) => [id, i]));
  const colIndex = new Map(roles.map((id, i) => [id, i]));
  for (const f of result.findings) {
    if (f.status === 'NOT_APPLICABLE') continue;
    const cols = (rolesByAccount.get(f.account) ?? []).map((r) => colIndex.get(r)!);
    for (const row of dimension(f.controlId)) {
      const r = rowIndex.get(row);
      if (r === undefined) continue;
      totals[r]!.add(f);
      for (const c of cols) grid[r]![c]!.add(f);
    }
  }
  return {
    rows: rowIds.map((id) => ({ id, name: nameOf(names, id) })),
    columns: roles.map((id) => ({ id, name: nameOf(ACCOUNT_ROLES, id) })),
    cells: grid.map((row) => row.map((c) => c.done())),
    totals: totals.map((c) => c.done()),
  };
}

function organizationTree(result: VerifyResult): TreeNode {
  const rolesByAccount = new Map(result.roles.map((r) => [r.account, r.roles]));
  const delegated = new Map<string, string[]>();
  for (const d of result.organization?.delegatedAdmins ?? []) {
    const list = delegated.get(d.accountId) ?? [];
    list.push(d.servicePrincipal);
    delegated.set(d.accountId, list);
  }
  const leaf = (a: AccountInfo): TreeAccount => ({
    account: a,
    roles: (rolesByAccount.get(a.id) ?? []).map((r) => ({ id: r, name: nameOf(ACCOUNT_ROLES, r) })),
    delegatedFor: [...(delegated.get(a.id) ?? [])].sort(),
    score: result.scores.byAccount[a.id]?.score ?? null,
    fail: result.scores.byAccount[a.id]?.counts.FAIL ?? 0,
  });
  const root: TreeNode = { id: '', name: 'Root', children: [], accounts: [] };
  const ous = result.organization?.ous ?? [];
  const accounts = [...result.accounts].sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  if (ous.length > 0) {
    // The real tree: OUs by id under their parents; a parent that is not an OU is a root.
    const nodes = new Map<string, TreeNode>(
      ous.map((o) => [o.id, { id: o.id, name: o.name, children: [], accounts: [] }]),
    );
    for (const o of ous) (nodes.get(o.parentId) ?? root).children.push(nodes.get(o.id)!);
    for (const a of accounts) {
      const parent = a.parentId ? nodes.get(a.parentId) : undefined;
      if (parent) parent.accounts.push(leaf(a));
      else if (a.parentId || a.ouPath.length === 0) root.accounts.push(leaf(a));
      else insertByPath(root, a.ouPath).accounts.push(leaf(a));
    }
    const rootIds = new Set(ous.map((o) => o.parentId).filter((p) => !nodes.has(p)));
    if (rootIds.size === 1) root.id = [...rootIds][0]!;
  } else {
    // Only OU names are known (older results): rebuild the tree from each account's OU path.
    for (const a of accounts) insertByPath(root, a.ouPath).accounts.push(leaf(a));
  }
  sortTree(root);
  return root;
}

function insertByPath(root: TreeNode, path: readonly string[]): TreeNode {
  let node = root;
  for (const name of path) {
    let next = node.children.find((c) => c.id === '' && c.name === name);
    if (!next) {
      next = { id: '', name, children: [], accounts: [] };
      node.children.push(next);
    }
    node = next;
  }
  return node;
}

function sortTree(node: TreeNode): void {
  node.children.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  for (const c of node.children) sortTree(c);
}

/** Builds the heatmaps and the organization tree. */
export function buildAggregates(result: VerifyResult): Aggregates {
  const controls = new Map(result.controls.map((c) => [c.id, c]));
  return {
    capabilityHeatmap: heatmap(
      result,
      CAPABILITY_IDS,
      CAPABILITIES,
      (id) => controls.get(id)?.capabilities ?? [],
    ),
    principleHeatmap: heatmap(result, PRINCIPLE_IDS, PRINCIPLES, (id) => controls.get(id)?.principles ?? []),
    tree: organizationTree(result),
  };
}
