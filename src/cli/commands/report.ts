/**
 * `sra report <results.json>`: re-renders a saved verify result (`sra verify --format json -o r.json`)
 * in any format, or as the self-contained HTML page (`--html out.html`), optionally compared with an
 * earlier result (`--baseline previous.json`). Loading errors name the file and say what is wrong:
 * missing, not JSON (with line and column), another sra-kit file, wrong schema version, wrong shape.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { z } from 'zod';
import { ExitCode, SraError, UsageError } from '../../errors.js';
import { diffResults } from '../../report/html/diff.js';
import { renderHtml } from '../../report/html/index.js';
import { FORMATS, parseVerifyResult, renderReport } from '../../report/index.js';
import type { VerifyResult } from '../../verify/result.js';
import { SEVERITIES } from '../../verify/types.js';
import type { RegisterCommand } from './index.js';

/** Formats `sra report --format` accepts: every registered format plus `html`. */
export const REPORT_COMMAND_FORMATS = [...FORMATS, 'html'] as const;

interface ReportCliOptions {
  html?: string;
  format?: (typeof REPORT_COMMAND_FORMATS)[number];
  baseline?: string;
  output?: string;
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Where `JSON.parse` stopped, from its message (V8 says "at position N", or "line L column C"). */
function jsonErrorOffset(text: string, message: string): { line: number; column: number } | undefined {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineColumn(text, Number(pos[1]));
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  if (/end of JSON input/i.test(message)) return lineColumn(text, text.length);
  return undefined;
}

// The parts of a finding every renderer relies on; everything else is the JSON Schema's business.
const FindingShape = z.object({
  controlId: z.string().min(1),
  status: z.enum(['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR']),
  severity: z.enum(SEVERITIES),
  account: z.string().min(1),
  region: z.string().optional(),
  resource: z.string(),
  message: z.string(),
});
const AccountShape = z.object({ id: z.string(), name: z.string(), ouPath: z.array(z.string()) });
const ControlShape = z.object({
  id: z.string(),
  title: z.string(),
  capabilities: z.array(z.string()),
  principles: z.array(z.string()),
  remediation: z.object({ manual: z.string(), blueprint: z.string().optional() }),
});
const RoleShape = z.object({ account: z.string(), roles: z.array(z.string()) });

function checkItems(file: string, key: string, items: unknown[], shape: z.ZodType): void {
  for (let i = 0; i < items.length; i++) {
    const r = shape.safeParse(items[i]);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const path = [key, String(i), ...issue.path.map(String)].join('.');
      throw new SraError('RESULT_INVALID', `not a verify result: ${path}: ${issue.message}`, {
        file,
        path,
        exitCode: ExitCode.Usage,
        hint: 'the file may have been edited by hand or written by another tool; write it again with sra verify --format json',
      });
    }
  }
}

/**
 * Reads and checks a saved verify result. Throws a {@link SraError} (exit code 2) naming `label` and
 * saying what is wrong: the file is missing or unreadable, is not JSON (line and column), is an
 * inventory rather than a result, has another schema version, or lacks what reports need.
 */
export async function loadVerifyResult(path: string, label = path): Promise<VerifyResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SraError(
      'RESULT_UNREADABLE',
      code === 'ENOENT' ? 'file not found' : `cannot read the file: ${(e as Error).message}`,
      {
        file: label,
        exitCode: ExitCode.Usage,
        hint: `write a result with: sra verify --format json --output ${label}`,
      },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new SraError('RESULT_INVALID', `not valid JSON: ${message}`, {
      file: label,
      ...jsonErrorOffset(text, message),
      exitCode: ExitCode.Usage,
      hint: `write it with: sra verify --format json --output ${label}`,
    });
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    if ('toolVersion' in obj && 'region' in obj && !('findings' in obj)) {
      throw new SraError(
        'RESULT_INVALID',
        'this is a saved inventory (sra verify --save), not a verify result',
        {
          file: label,
          exitCode: ExitCode.Usage,
          hint: `evaluate it first: sra verify --from ${label} --format json --output result.json`,
        },
      );
    }
  }
  const result = parseVerifyResult(text, label);
  checkItems(label, 'findings', result.findings, FindingShape);
  checkItems(label, 'accounts', result.accounts, AccountShape);
  checkItems(label, 'controls', result.controls, ControlShape);
  checkItems(label, 'roles', result.roles, RoleShape);
  return result;
}

/** A few lines on what changed since the baseline, appended to the text report. */
function changeSummary(baseline: VerifyResult, result: VerifyResult): string {
  const d = diffResults(baseline, result);
  const o = d.scores.overall;
  const score = (s: number | null) => (s === null ? '–' : String(s));
  const delta = o.delta === null ? '' : ` (${o.delta >= 0 ? '+' : ''}${o.delta})`;
  return (
    `\nSince the baseline of ${baseline.evaluatedAt}: score ${score(o.previous)} → ${score(o.current)}${delta}; ` +
    `${d.new.length} new, ${d.regressed.length} regressed, ${d.fixed.length} fixed, ` +
    `${d.unchangedFailing.length} still failing, ${d.unverified.length} unverified\n`
  );
}

/** Registers `sra report`. */
export const registerReport: RegisterCommand = (program, ctx) => {
  program
    .command('report')
    .description('render a saved verify result (sra verify --format json) as text, HTML or another format')
    .argument('<results.json>', 'a result written by sra verify --format json')
    .option('--html <file>', 'write the self-contained HTML report to this file')
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format (default text, or none when --html is given)',
      ).choices([...REPORT_COMMAND_FORMATS]),
    )
    .option('--baseline <file>', 'an earlier result: show the trend and new, fixed and regressed findings')
    .option('-o, --output <file>', 'write the --format output to a file instead of standard output')
    .action(async (file: string, options: ReportCliOptions) => {
      if (options.output && !options.format && options.html) {
        throw new UsageError('--output writes the --format output: name a format, e.g. --format text', {
          hint: 'the HTML report goes to the --html file',
        });
      }
      const result = await loadVerifyResult(resolve(ctx.cwd, file), file);
      const baseline = options.baseline
        ? await loadVerifyResult(resolve(ctx.cwd, options.baseline), options.baseline)
        : undefined;
      const htmlOptions = baseline ? { baseline } : {};
      if (options.html) {
        await writeFile(resolve(ctx.cwd, options.html), renderHtml(result, htmlOptions), 'utf8');
        ctx.err(`wrote the HTML report to ${options.html}\n`);
      }
      const format = options.format ?? (options.html ? undefined : 'text');
      if (format) {
        let text: string;
        if (format === 'html') text = renderHtml(result, htmlOptions);
        else {
          const color = ctx.isTTY && !options.output && ctx.env.NO_COLOR === undefined;
          text = renderReport(result, format, {
            color,
            ...(ctx.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
          });
          if (format === 'text' && baseline)
            text = text.replace(/\n*$/, '\n') + changeSummary(baseline, result);
        }
        if (options.output) await writeFile(resolve(ctx.cwd, options.output), text, 'utf8');
        else ctx.out(text.endsWith('\n') ? text : `${text}\n`);
      }
      ctx.setExitCode(ExitCode.Ok);
    });
};
