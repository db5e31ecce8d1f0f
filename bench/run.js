// Benchmarks of sra-kit against the sandbox (`npm run bench`; needs `npm run build`).
// Each case runs in its own child process so peak RSS is the case's own. Results are written as JSON
// to bench/results/<case>.json and summarised in bench/results/summary.json; docs/PERFORMANCE.md holds
// the table of the last recorded run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const CASES = [
  { name: 'verify-10x4', kind: 'verify', workloads: 5, regions: 4 },
  { name: 'verify-100x4', kind: 'verify', workloads: 95, regions: 4 },
  { name: 'verify-1000x4', kind: 'verify', workloads: 995, regions: 4 },
  // The in-memory path (runVerify, what sra plan uses), for comparison with the spilled one above.
  { name: 'verify-100x4-memory', kind: 'verify', workloads: 95, regions: 4, memory: true },
  { name: 'verify-1000x4-memory', kind: 'verify', workloads: 995, regions: 4, memory: true },
  { name: 'apply-100x4', kind: 'deploy', workloads: 95, regions: 4 },
  { name: 'apply-1000x4', kind: 'deploy', workloads: 995, regions: 4 },
].filter((c) => only.length === 0 || only.includes(c.name));

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const summary = [];
for (const c of CASES) {
  process.stderr.write(`bench: ${c.name} …\n`);
  const out = execFileSync(
    process.execPath,
    [
      // Verify runs in a 1 GB heap, simulated organization included: V8 otherwise lets garbage pile up
      // while memory is plentiful, and peak RSS would measure that instead of what verify needs.
      `--max-old-space-size=${c.kind === 'verify' ? 1024 : 4096}`,
      '--expose-gc',
      `${here}${c.kind === 'deploy' ? 'deploy-case.js' : 'case.js'}`,
      JSON.stringify(c),
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const result = JSON.parse(out.trim().split('\n').at(-1));
  writeFileSync(new URL(`./results/${c.name}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  summary.push(result);
  process.stderr.write(
    c.kind === 'deploy'
      ? `bench: ${c.name}: plan ${result.planSeconds} s (${result.steps} steps), apply ${result.applySeconds} s ` +
          `(${result.failedSteps} failed), no-op plan ${result.noopPlanSeconds} s (${result.noopPlanSteps} steps), ` +
          `peak RSS ${result.peakRssMb} MB\n`
      : `bench: ${c.name}: ${result.accounts} accounts × ${result.regions} Regions in ${result.wallSeconds} s, ` +
          `${result.callsPerAccountRegion} calls per account-Region, peak live heap ${result.peakLiveHeapMb} MB, ` +
          `peak RSS ${result.peakRssMb} MB\n`,
  );
}
// Cases run now replace their earlier results; the others keep theirs (`npm run bench -- apply-100x4`).
const summaryUrl = new URL('./results/summary.json', import.meta.url);
const earlier = existsSync(summaryUrl) ? JSON.parse(readFileSync(summaryUrl, 'utf8')) : [];
const merged = [...earlier.filter((r) => !summary.some((n) => n.case === r.case)), ...summary];
writeFileSync(summaryUrl, `${JSON.stringify(merged, null, 2)}\n`);
