/**
 * `sra demo`: the whole product on a built-in sandbox organization, no AWS account needed. A greenfield
 * organization is verified (low score), planned, applied with progress, and verified again; the
 * capability scores before and after, the controls the apply fixed, and the files written (blueprint,
 * plan, both results, the HTML report with the first run as its baseline) are printed.
 */
import { scenarioAccess } from '../../sandbox/scenarios/access.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CAPABILITIES } from '../../catalog/capabilities.js';
import { ExitCode, UsageError } from '../../errors.js';
import { renderApplySummary, planSummaryLine } from '../../engine/render.js';
import { MemoryJournal } from '../../engine/journal.js';
import { makePlan } from '../../engine/run.js';
import { FEATURES } from '../../features/index.js';
import { writeHtmlReport } from '../../report/html/index.js';
import { renderJson } from '../../report/json.js';
import { makeStyle } from '../../report/style.js';
import { scenarioBlueprint, scenarioBlueprintYaml } from '../../sandbox/scenarios/blueprint.js';
import { greenfield } from '../../sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../../services/index.js';
import type { VerifyResult } from '../../verify/result.js';
import { runVerify } from '../../verify/verify.js';
import { ORGANIZATION_READER } from './verify.js';
import { runApply } from './deploy.js';
import type { RegisterCommand } from './index.js';

/** What {@link registerDemo}'s run returns to tests: the two results and the files written. */
export interface DemoOutcome {
  before: VerifyResult;
  after: VerifyResult;
  files: string[];
}

function fmtScore(s: number | null): string {
  return s === null ? '  –' : String(s).padStart(3);
}

/** Controls that failed somewhere before and fail nowhere after. */
export function fixedControls(before: VerifyResult, after: VerifyResult): string[] {
  const failing = (r: VerifyResult) =>
    new Set(r.findings.filter((f) => f.status === 'FAIL').map((f) => f.controlId));
  const was = failing(before);
  const now = failing(after);
  return [...was].filter((id) => !now.has(id)).sort();
}

/** Registers `sra demo`. */
export const registerDemo: RegisterCommand = (program, ctx) => {
  program
    .command('demo')
    .description('verify → plan → apply → verify on a built-in sandbox organization (no AWS account needed)')
    .option('--workloads <n>', 'number of workload accounts', '3')
    .option('--out-dir <dir>', 'where to write the blueprint, plan, results and HTML report', 'sra-demo')
    .action(async (options: { workloads: string; outDir: string }) => {
      const workloads = Number(options.workloads);
      if (!Number.isInteger(workloads) || workloads < 1 || workloads > 2000) {
        throw new UsageError(`--workloads must be a whole number from 1 to 2000, got "${options.workloads}"`);
      }
      const style = makeStyle(ctx.isTTY && ctx.env.NO_COLOR === undefined);
      const dir = resolve(ctx.cwd, options.outDir);
      await mkdir(dir, { recursive: true });
      const s = await greenfield({ workloads });
      const blueprint = scenarioBlueprint(s);
      const access = scenarioAccess(s);
      const say = (text = '') => ctx.out(`${text}\n`);
      say(style.bold('sra-kit demo: the AWS SRA on a sandbox organization (nothing leaves this machine)'));
      say(
        `organization ${s.organizationId}: ${workloads + 5} accounts (management, security tooling, log archive, ` +
          `network, shared services, ${workloads} workloads), Regions ${s.governedRegions.join(', ')}`,
      );
      say();
      const verify = () =>
        runVerify({ access, blueprint, modules: SERVICE_MODULES, organizationReader: ORGANIZATION_READER });

      say(style.bold('1. verify — where the greenfield organization stands'));
      const before = (await verify()).result;
      say(
        `   score ${before.scores.overall.score ?? '–'}/100, ${before.scores.overall.counts.FAIL} failing checks`,
      );
      say();

      say(style.bold('2. plan — what it takes to reach the blueprint'));
      const { plan } = await makePlan({ access, blueprint, blueprintPath: 'sra.yaml', features: FEATURES });
      const byFeature = new Map<string, number>();
      for (const step of plan.steps) byFeature.set(step.feature, (byFeature.get(step.feature) ?? 0) + 1);
      for (const [feature, n] of byFeature) say(`   ${feature.padEnd(18)} ${n} steps`);
      say(`   ${planSummaryLine(plan)}`);
      say();

      say(style.bold('3. apply'));
      const result = await runApply({ access, journal: new MemoryJournal() }, plan, ctx);
      ctx.out(renderApplySummary(result, { color: style.color }).replace(/^(?=.)/gm, '   '));
      say();

      say(style.bold('4. verify again'));
      const after = (await verify()).result;
      say(`   score ${before.scores.overall.score ?? '–'} → ${after.scores.overall.score ?? '–'}/100`);
      say(`   ${'capability'.padEnd(34)} before  after`);
      for (const c of CAPABILITIES) {
        const b = before.scores.byCapability[c.id]?.score ?? null;
        const a = after.scores.byCapability[c.id]?.score ?? null;
        say(`   ${c.name.padEnd(34)} ${fmtScore(b)}    ${fmtScore(a)}`);
      }
      const fixed = fixedControls(before, after);
      say(
        `   ${fixed.length} controls that failed now pass everywhere, e.g. ${fixed.slice(0, 6).join(', ')}`,
      );
      const left = after.scores.overall.counts.FAIL;
      if (left > 0) {
        say(
          `   ${left} checks still fail: services whose organization-wide configuration is not deployed by sra-kit yet ` +
            '(see the report)',
        );
      }
      say();

      const files = {
        blueprint: join(dir, 'sra.yaml'),
        plan: join(dir, 'plan.json'),
        before: join(dir, 'verify-before.json'),
        after: join(dir, 'verify-after.json'),
        html: join(dir, 'report.html'),
      };
      await writeFile(files.blueprint, scenarioBlueprintYaml(s), 'utf8');
      await writeFile(files.plan, `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
      await writeFile(files.before, renderJson(before), 'utf8');
      await writeFile(files.after, renderJson(after), 'utf8');
      await writeHtmlReport(files.html, after, { baseline: before });
      say(style.bold('5. report'));
      for (const [what, file] of Object.entries(files))
        say(`   ${what.padEnd(10)} ${relative(ctx.cwd, file) || file}`);
      say(
        `open ${relative(ctx.cwd, files.html)} in a browser: scores, heatmap, the organization tree and every finding.`,
      );
      ctx.setExitCode(result.failed.length || result.blocked.length ? ExitCode.Runtime : ExitCode.Ok);
    });
};
