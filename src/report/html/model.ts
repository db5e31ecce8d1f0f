/**
 * The data model of the HTML report, built once per render from a result whose findings are read
 * through their `FindingSource` (a spool file on large organizations):
 *
 * - {@link ReportData}: the compact JSON the client script reads. Controls, accounts, Regions and
 *   every free-text string are stored once in index tables, and each finding is a short array of
 *   indexes, so 200,000 findings stay a few megabytes. {@link reportDataChunks} writes it a piece at
 *   a time without holding the findings (see there for how the string table stays bounded).
 * - {@link Aggregates}: what the server-rendered parts draw (heatmaps, the organization tree), built
 *   in one pass over the findings.
 *
 * Nothing here escapes anything: escaping happens where the data meets markup (template.ts) and in
 * the JSON serialization (escape.ts).
 */
import { ACCOUNT_ROLE_IDS, CAPABILITY_IDS, PRINCIPLE_IDS } from '../../catalog/ids.js';
import { CAPABILITIES } from '../../catalog/capabilities.js';
import { PRINCIPLES } from '../../catalog/principles.js';
import { ACCOUNT_ROLES } from '../../catalog/account-roles.js';
import type { AccountInfo } from '../../observe/types.js';
import { findingSource } from '../../verify/findings.js';
import type { StreamedResult } from '../../verify/result.js';
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
  /**
   * Interned strings (resources, messages, evidence, errors). Each string appears once, unless the
   * report is large enough that the writer's bounded table forgot it and wrote it again.
   */
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
  /**
   * Findings in report order (FAIL first, highest severity first, then control, account, Region,
   * resource: the order of `FindingSource.sorted()`, the same as every other format).
   */
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

/** Budget of the string table's memory while the data block is written, see {@link StringTable}. */
export const DEFAULT_INTERN_BUDGET = 8 * 1024 * 1024;

/** Bookkeeping cost of one interned string beyond its characters, in the budget's units. */
const ENTRY_COST = 64;

/**
 * Assigns table indexes to strings: a string seen recently gets its index again, a new one the next
 * index. The memory is bounded by two generations of remembered strings: new and reused strings go
 * to the young generation; when its characters (plus {@link ENTRY_COST} each) pass half the budget,
 * it becomes the old generation and the previous old one is forgotten. A forgotten string seen again
 * gets a new index, so it appears twice in the table, which costs only bytes. Every operation is O(1).
 * The assignment depends only on the sequence of strings, so two tables fed the same sequence assign
 * the same indexes: the data block is written by replaying the sequence (strings first, then the
 * findings that point into them) instead of keeping the whole table.
 */
class StringTable {
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  private youngCost = 0;
  /** Number of indexes assigned so far. */
  size = 0;
  /** Whether the last {@link add} assigned a new index. */
  added = false;

  constructor(private readonly budget: number) {}

  /** Index of `s` (-1 for an absent or empty string). */
  add(s: string | undefined): number {
    this.added = false;
    if (s === undefined || s === '') return -1;
    const young = this.young.get(s);
    if (young !== undefined) return young;
    let i = this.old.get(s);
    if (i === undefined) {
      i = this.size++;
      this.added = true;
    }
    this.young.set(s, i);
    this.youngCost += s.length + ENTRY_COST;
    if (this.youngCost > this.budget / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngCost = 0;
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

/** The free-text fields of a finding's tuple, in tuple order (resource, message, expected, actual, error). */
function texts(f: Finding): (string | undefined)[] {
  return [
    f.resource,
    f.message,
    f.expected === undefined ? undefined : evidenceText(f.expected),
    f.actual === undefined ? undefined : evidenceText(f.actual),
    errorText(f),
  ];
}

/** Options of {@link reportDataChunks}. */
export interface ReportDataOptions {
  /**
   * Bound of the string table kept while writing, in characters plus 64 per string. Past it, the
   * strings not seen lately are forgotten and written again if they recur. @default 8 Mi
   */
  internBudget?: number;
}

/**
 * The client data ({@link ReportData}) as JSON text, a piece at a time, without holding the findings:
 * `JSON.parse` of the joined pieces is the data. Two passes over the findings in report order
 * (`sorted()`): the first writes the string table as new strings appear (and collects the controls,
 * accounts and Regions the findings name); the second writes one tuple per finding, replaying the
 * same bounded {@link StringTable} to find each string's index. `diff` marks each finding with its
 * change since the baseline.
 */
export function* reportDataChunks(
  result: StreamedResult,
  diff?: ResultDiff,
  options: ReportDataOptions = {},
): Generator<string> {
  const budget = options.internBudget ?? DEFAULT_INTERN_BUDGET;
  const source = findingSource(result.findings);
  const controlIdSet = new Set(result.controls.map((c) => c.id));
  const accountIdSet = new Set(result.accounts.map((a) => a.id));
  const regionSet = new Set<string>();

  // Pass 1: the string table.
  yield '{"v":1,"strings":[';
  const first = new StringTable(budget);
  for (const f of source.sorted()) {
    controlIdSet.add(f.controlId);
    accountIdSet.add(f.account);
    if (f.region) regionSet.add(f.region);
    let piece = '';
    for (const text of texts(f)) {
      first.add(text);
      if (first.added) piece += `${first.size > 1 ? ',' : ''}${JSON.stringify(text)}`;
    }
    if (piece) yield piece;
  }

  const controlIds = ordered([], controlIdSet);
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
  const accountIds = ordered([], accountIdSet);
  const accountIndex = new Map(accountIds.map((id, i) => [id, i]));
  const accountInfo = new Map(result.accounts.map((a) => [a.id, a]));
  const regions = ordered(result.governedRegions, regionSet);
  const regionIndex = new Map(regions.map((r, i) => [r, i]));
  const changes = diff ? changeIndex(diff) : undefined;
  const changeCode = (f: Finding): number => {
    const kind = changes?.get(diffKey(f));
    return kind ? CHANGE_KINDS.indexOf(kind) : 0;
  };

  const tables: Omit<ReportData, 'v' | 'strings' | 'findings'> = {
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
  };
  // The tables as members of the data object, in ReportData's key order.
  yield `],${JSON.stringify(tables).slice(1, -1)},"findings":[`;

  // Pass 2: the findings, pointing into the table pass 1 wrote.
  const second = new StringTable(budget);
  let count = 0;
  for (const f of source.sorted()) {
    // Same strings in the same order as pass 1, so the indexes match what pass 1 wrote.
    const [resource, message, expected, actual, error] = texts(f).map((text) => second.add(text)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const t: FindingTuple = [
      controlIndex.get(f.controlId)!,
      accountIndex.get(f.account)!,
      f.region ? regionIndex.get(f.region)! : -1,
      STATUS_ORDER.indexOf(f.status),
      SEVERITIES.indexOf(f.severity),
      resource,
      message,
      changeCode(f),
      expected,
      actual,
      error,
    ];
    while (t.length > 8 && t[t.length - 1] === -1) t.pop();
    if (t.length === 8 && t[7] === 0) t.pop();
    yield `${count++ ? ',' : ''}${JSON.stringify(t)}`;
  }
  if (second.size !== first.size) {
    throw new Error(
      'the findings changed while the HTML report was written (sorted() differed between passes)',
    );
  }
  yield ']}';
}

/**
 * Builds the client data in memory (for library users and tests; the report itself writes it with
 * {@link reportDataChunks}). `diff` marks each finding with its change since the baseline.
 */
export function buildReportData(
  result: StreamedResult,
  diff?: ResultDiff,
  options: ReportDataOptions = {},
): ReportData {
  return JSON.parse([...reportDataChunks(result, diff, options)].join('')) as ReportData;
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

/** A heatmap being filled one finding at a time. */
class HeatmapBuilder {
  private readonly grid: Cell[][];
  private readonly totals: Cell[];
  private readonly rowIndex: Map<string, number>;

  constructor(
    private readonly rowIds: readonly string[],
    private readonly names: readonly { id: string; name: string }[],
    private readonly dimension: (controlId: string) => readonly string[],
    private readonly roles: readonly string[],
  ) {
    this.grid = rowIds.map(() => roles.map(() => new Cell()));
    this.totals = rowIds.map(() => new Cell());
    this.rowIndex = new Map(rowIds.map((id, i) => [id, i]));
  }

  /** Counts a finding (not NOT_APPLICABLE) in its rows, under the role columns `cols`. */
  add(f: Finding, cols: readonly number[]): void {
    for (const row of this.dimension(f.controlId)) {
      const r = this.rowIndex.get(row);
      if (r === undefined) continue;
      this.totals[r]!.add(f);
      for (const c of cols) this.grid[r]![c]!.add(f);
    }
  }

  done(): Heatmap {
    return {
      rows: this.rowIds.map((id) => ({ id, name: nameOf(this.names, id) })),
      columns: this.roles.map((id) => ({ id, name: nameOf(ACCOUNT_ROLES, id) })),
      cells: this.grid.map((row) => row.map((c) => c.done())),
      totals: this.totals.map((c) => c.done()),
    };
  }
}

function organizationTree(result: StreamedResult): TreeNode {
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

/** Builds the heatmaps and the organization tree, reading the findings once (in any order). */
export function buildAggregates(result: StreamedResult): Aggregates {
  const controls = new Map(result.controls.map((c) => [c.id, c]));
  const roles = ordered(
    ACCOUNT_ROLE_IDS,
    result.roles.flatMap((r) => r.roles),
  );
  const colIndex = new Map(roles.map((id, i) => [id, i]));
  const colsByAccount = new Map(result.roles.map((r) => [r.account, r.roles.map((x) => colIndex.get(x)!)]));
  const capability = new HeatmapBuilder(
    CAPABILITY_IDS,
    CAPABILITIES,
    (id) => controls.get(id)?.capabilities ?? [],
    roles,
  );
  const principle = new HeatmapBuilder(
    PRINCIPLE_IDS,
    PRINCIPLES,
    (id) => controls.get(id)?.principles ?? [],
    roles,
  );
  for (const f of findingSource(result.findings)) {
    if (f.status === 'NOT_APPLICABLE') continue;
    const cols = colsByAccount.get(f.account) ?? [];
    capability.add(f, cols);
    principle.add(f, cols);
  }
  return {
    capabilityHeatmap: capability.done(),
    principleHeatmap: principle.done(),
    tree: organizationTree(result),
  };
}
