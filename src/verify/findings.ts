/**
 * Where findings live between evaluation and the reports. A 1,000-account organization produces about
 * 285,000 findings (80 MB of JSON): holding them all would make verify's memory grow with the
 * organization. {@link FindingSpool} appends each finding to a private temporary file as it is produced
 * and keeps only small indexes (two numbers per finding), so reports can read the findings back in
 * evaluation order, in report order or account by account without holding them. {@link MemoryFindings}
 * gives the same interface over an array, for library callers and saved results.
 */
import { SpoolFile } from '../util/spool-file.js';
import { SEVERITIES, type Finding, type Severity, type Status } from './types.js';

/** Statuses in report order: what needs attention first. */
export const STATUS_ORDER: readonly Status[] = ['FAIL', 'ERROR', 'PASS', 'NOT_APPLICABLE'];

/** Rank of a severity: 0 for `informational` up to 4 for `critical`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** Order of findings within one control and status: account, Region, resource. */
function compareWhere(a: Finding, b: Finding): number {
  return (
    a.account.localeCompare(b.account) ||
    (a.region ?? '').localeCompare(b.region ?? '') ||
    a.resource.localeCompare(b.resource)
  );
}

/** Report order: status (FAIL first), severity (highest first), control, account, Region, resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.controlId.localeCompare(b.controlId) ||
    compareWhere(a, b)
  );
}

/**
 * Findings that can be read more than once without being held in memory all at once. Every reader
 * gets a fresh iteration; the findings never change once the source is handed to a report.
 */
export interface FindingSource extends Iterable<Finding> {
  /** Number of findings. */
  readonly size: number;
  /** Every finding in report order (status, severity, control, account, Region, resource). */
  sorted(): Iterable<Finding>;
  /** Accounts that have findings, sorted by id. */
  accounts(): string[];
  /** The findings of one account, in report order. */
  ofAccount(account: string): Iterable<Finding>;
}

/** A {@link FindingSource} over an array (saved results, library callers, tests). */
export class MemoryFindings implements FindingSource {
  private byAccount: Map<string, Finding[]> | undefined;

  constructor(private readonly findings: readonly Finding[]) {}

  get size(): number {
    return this.findings.length;
  }

  [Symbol.iterator](): Iterator<Finding> {
    return this.findings[Symbol.iterator]();
  }

  sorted(): Iterable<Finding> {
    return [...this.findings].sort(compareFindings);
  }

  accounts(): string[] {
    return [...this.grouped().keys()].sort();
  }

  ofAccount(account: string): Iterable<Finding> {
    return [...(this.grouped().get(account) ?? [])].sort(compareFindings);
  }

  private grouped(): Map<string, Finding[]> {
    if (!this.byAccount) {
      this.byAccount = new Map();
      for (const f of this.findings) {
        let list = this.byAccount.get(f.account);
        if (!list) this.byAccount.set(f.account, (list = []));
        list.push(f);
      }
    }
    return this.byAccount;
  }
}

/** The findings of a result as a {@link FindingSource} (an array is wrapped; a source is returned as is). */
export function findingSource(findings: readonly Finding[] | FindingSource): FindingSource {
  return Array.isArray(findings) ? new MemoryFindings(findings) : (findings as FindingSource);
}

/** Bytes buffered before the spool writes them out. */
const FLUSH_BYTES = 1 << 20;

/**
 * Offsets and lengths of spooled records, two numbers per record. Grows by doubling in a
 * `Float64Array`, so 285,000 records take 4.5 MB and no per-record object.
 */
class RecordList {
  private data = new Float64Array(64);
  length = 0;

  push(offset: number, bytes: number): void {
    if (this.length * 2 + 2 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length * 2] = offset;
    this.data[this.length * 2 + 1] = bytes;
    this.length++;
  }

  offset(i: number): number {
    return this.data[i * 2]!;
  }

  bytes(i: number): number {
    return this.data[i * 2 + 1]!;
  }
}

/**
 * A {@link FindingSource} backed by a temporary file: findings are appended as JSON Lines (mode 0600,
 * in a directory only the current user can read), indexed by (status, control) for report order and by
 * account. Memory is the indexes plus one partition being sorted (one control's findings of one status).
 * Call {@link FindingSpool.close} when done: it deletes the file.
 */
export class FindingSpool implements FindingSource {
  private readonly file: SpoolFile;
  private count = 0;
  private readonly all = new RecordList();
  private readonly byPartition = new Map<string, RecordList>();
  private readonly byAccount = new Map<string, RecordList>();

  /** Creates a spool in a fresh directory under `parent` (default: the system temporary directory). */
  constructor(parent?: string) {
    this.file = new SpoolFile({
      label: 'finding spool',
      prefix: 'sra-kit-findings-',
      name: 'findings.jsonl',
      bufferBytes: FLUSH_BYTES,
      ...(parent ? { parent } : {}),
    });
  }

  /** Where the spool file is (for diagnostics and tests). */
  get path(): string {
    return this.file.path;
  }

  get size(): number {
    return this.count;
  }

  /** Appends one finding. */
  add(finding: Finding): void {
    const line = Buffer.from(`${JSON.stringify(finding)}\n`, 'utf8');
    const offset = this.file.append(line);
    this.count++;
    this.all.push(offset, line.length);
    index(this.byPartition, partitionKey(finding), offset, line.length);
    index(this.byAccount, finding.account, offset, line.length);
  }

  *[Symbol.iterator](): Iterator<Finding> {
    yield* this.records(this.all);
  }

  *sorted(): Iterable<Finding> {
    const keys = [...this.byPartition.keys()].sort(comparePartitions);
    for (const key of keys) {
      const findings = [...this.records(this.byPartition.get(key)!)];
      yield* findings.sort(compareWhere);
    }
  }

  accounts(): string[] {
    return [...this.byAccount.keys()].sort();
  }

  ofAccount(account: string): Iterable<Finding> {
    const list = this.byAccount.get(account);
    return list ? [...this.records(list)].sort(compareFindings) : [];
  }

  /** Closes and deletes the spool file. Safe to call twice. */
  close(): void {
    this.file.close();
  }

  private *records(list: RecordList): Generator<Finding> {
    let buffer: Buffer = Buffer.allocUnsafe(64 * 1024);
    for (let i = 0; i < list.length; i++) {
      const bytes = list.bytes(i);
      buffer = this.file.read(list.offset(i), bytes, buffer);
      yield JSON.parse(buffer.toString('utf8', 0, bytes)) as Finding;
    }
  }
}

function index(map: Map<string, RecordList>, key: string, offset: number, bytes: number): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = new RecordList()));
  list.push(offset, bytes);
}

/** Partition of a finding for report order; a control has one severity, so (status, control) is enough. */
function partitionKey(f: Finding): string {
  return `${STATUS_ORDER.indexOf(f.status)}\t${severityRank(f.severity)}\t${f.controlId}`;
}

function comparePartitions(a: string, b: string): number {
  const [sa, ra, ca] = a.split('\t') as [string, string, string];
  const [sb, rb, cb] = b.split('\t') as [string, string, string];
  return Number(sa) - Number(sb) || Number(rb) - Number(ra) || ca.localeCompare(cb);
}
