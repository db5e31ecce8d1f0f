/**
 * The apply journal: an append-only JSON Lines file recording each step as it starts, finishes or fails,
 * with the outputs other steps reference. A re-run of the same plan reads it and skips the steps already
 * done, reusing their outputs, so an apply killed half-way resumes where it stopped. Outputs are ids and
 * ARNs — never credentials.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SraError, ExitCode } from '../errors.js';
import type { OpOutputs } from './types.js';

/** One line of the journal. */
export type JournalRecord =
  | { type: 'begin'; plan: string; organizationId: string; at: string; steps: number }
  | { type: 'start'; step: string; at: string }
  | { type: 'done'; step: string; at: string; outputs: OpOutputs }
  | { type: 'failed'; step: string; at: string; error: string }
  | { type: 'end'; plan: string; at: string; failed: number };

/** Where journal records go. {@link FileJournal} writes a file; {@link MemoryJournal} keeps them (tests). */
export interface Journal {
  /** Records of earlier runs of the plan `planDigest` that did not end cleanly (the resumable ones). */
  resumable(planDigest: string): { done: Map<string, OpOutputs> };
  /** Appends a record. */
  write(record: JournalRecord): void;
}

/** Reads the steps done by unfinished runs of `plan` from a list of records. */
export function doneSteps(records: readonly JournalRecord[], plan: string): Map<string, OpOutputs> {
  const done = new Map<string, OpOutputs>();
  let current: string | undefined;
  for (const r of records) {
    if (r.type === 'begin') current = r.plan;
    else if (r.type === 'done' && current === plan) done.set(r.step, r.outputs);
    else if (r.type === 'end' && r.plan === plan && r.failed === 0) done.clear();
  }
  return done;
}

/** A journal kept in memory. */
export class MemoryJournal implements Journal {
  /** Every record written so far. */
  readonly records: JournalRecord[] = [];

  resumable(planDigest: string): { done: Map<string, OpOutputs> } {
    return { done: doneSteps(this.records, planDigest) };
  }

  write(record: JournalRecord): void {
    this.records.push(record);
  }
}

/** A journal in a JSON Lines file (created on first write; written synchronously so a kill loses nothing). */
export class FileJournal implements Journal {
  constructor(readonly path: string) {}

  /** Reads and checks the file; a damaged line is an error naming the file and line. */
  read(): JournalRecord[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8');
    const out: JournalRecord[] = [];
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      // A kill can cut the last line short; an incomplete last line is ignored, any other is an error.
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        if (i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '')) return;
        throw journalError(this.path, i + 1, 'is not JSON');
      }
      if (!isRecord(value)) throw journalError(this.path, i + 1, 'is not a journal record');
      out.push(value);
    });
    return out;
  }

  resumable(planDigest: string): { done: Map<string, OpOutputs> } {
    return { done: doneSteps(this.read(), planDigest) };
  }

  write(record: JournalRecord): void {
    if (!existsSync(this.path)) {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, '', { mode: 0o600 });
    }
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}

function journalError(path: string, line: number, what: string): SraError {
  return new SraError('JOURNAL_INVALID', `${path}:${line}: the journal line ${what}`, {
    file: path,
    line,
    hint: 'the journal is written by sra apply; if it was edited or damaged, move it away (the next apply re-plans from the live organization)',
    exitCode: ExitCode.Usage,
  });
}

const TYPES = new Set(['begin', 'start', 'done', 'failed', 'end']);

function isRecord(v: unknown): v is JournalRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if (typeof r.type !== 'string' || !TYPES.has(r.type)) return false;
  if (r.type === 'begin' || r.type === 'end') return typeof r.plan === 'string';
  if (typeof r.step !== 'string') return false;
  if (r.type === 'done') return typeof r.outputs === 'object' && r.outputs !== null;
  return true;
}
