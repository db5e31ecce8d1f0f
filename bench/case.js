// One benchmark case, run in its own process by bench/run.js; prints one JSON line.
//
// The simulated organization lives in this process too, and it grows as it is read (state it creates on
// first use, call statistics). So verify runs twice: a warm-up run lets the sandbox reach its full size,
// then the measured run starts from a collected heap. Memory of the measured run:
// - peakLiveHeapMb: the highest live heap above that start, read after every major garbage collection
//   (what verify really holds at its worst: accounts in flight, cached accounts, spool indexes, scores);
// - heldAtEndMb: what verify still holds when it is done (the heap with its result alive, minus the heap
//   once the result is closed and dropped): the in-memory path's inventory and findings, the spilled
//   path's indexes and scores;
// - peakRssMb: the process's peak RSS (simulation included, and V8 keeps garbage around while memory is
//   plentiful, so it says more about the machine than about verify).
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { RealClock } from '../dist/sandbox/core/clock.js';
import { generated, allAccounts, scenarioAccess } from '../dist/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../dist/services/index.js';
import { ORGANIZATION_READER } from '../dist/cli/commands/verify.js';
import { streamVerify, runVerify } from '../dist/verify/verify.js';
import { saveInventory } from '../dist/observe/load.js';
import { writeReport } from '../dist/report/index.js';

const spec = JSON.parse(process.argv[2]);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'].slice(0, spec.regions);
const LATENCY_MS = 30;
// Throttling: a token bucket per (account, Region, API): 100 requests per second, burst 100. The one
// hot key is sts:AssumeRole from the management account (one call per member account).
const THROTTLE = { ratePerSecond: 100, burst: 100 };
const MB = 1024 * 1024;
const round1 = (n) => Math.round(n * 10) / 10;

const buildStart = Date.now();
const s = await generated({
  workloads: spec.workloads,
  regions: REGIONS,
  deploy: true,
  driftRate: 0.1,
  seed: 42,
  clock: new RealClock(),
  latencyMs: LATENCY_MS,
  throttle: THROTTLE,
});
const buildSeconds = (Date.now() - buildStart) / 1000;
// `memory: true` measures the in-memory path (`runVerify`, what sra plan uses) instead, for comparison.
const verify = (options) =>
  spec.memory
    ? runVerify(options).then((r) => ({ ...r, close() {}, readBacks: () => 0 }))
    : streamVerify(options);
let observedAt = 0;
const options = () => ({
  access: scenarioAccess(s),
  modules: SERVICE_MODULES,
  organizationReader: ORGANIZATION_READER,
  regions: REGIONS,
  accountConcurrency: 32,
  onProgress: (p) => {
    if (p.phase === 'account-done' && p.done === p.total) observedAt = Date.now();
  },
});

const warmStart = Date.now();
(await verify(options())).close();
const warmupSeconds = (Date.now() - warmStart) / 1000;

// Several collections, a turn of the event loop apart, so what the warm-up left is gone before the
// baseline is read.
async function collect() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await setImmediate();
  }
}
await collect();
const heapStart = process.memoryUsage().heapUsed;
let peakLive = 0;
const gcs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed - heapStart);
    }
  }
});
gcs.observe({ entryTypes: ['gc'] });
const before = s.sandbox.stats();
const callsBefore = before.total;
const throttledOf = (stats) =>
  [...stats.errors.entries()]
    .filter(([k]) => /Throttl|TooManyRequests|RequestLimit|SlowDown/.test(k))
    .reduce((a, [, n]) => a + n, 0);
const throttledBefore = throttledOf(before);

const start = Date.now();
let run = await verify(options());
const wallSeconds = (Date.now() - start) / 1000;
await collect();
const heapWithResult = process.memoryUsage().heapUsed;
peakLive = Math.max(peakLive, heapWithResult - heapStart);
gcs.disconnect();
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

// The outputs, streamed to files as `sra verify --save … --format json --output …` writes them.
let { result, inventory } = run;
const out = mkdtempSync(join(tmpdir(), 'sra-bench-'));
const reportStart = Date.now();
await saveInventory(join(out, 'inventory.json'), inventory);
const file = createWriteStream(join(out, 'result.json'));
await writeReport(result, 'json', {}, async (chunk) => {
  if (!file.write(chunk)) await once(file, 'drain');
});
file.end();
await once(file, 'finish');
const outputSeconds = (Date.now() - reportStart) / 1000;
const sizeMb = (name) => round1(statSync(join(out, name)).size / MB);
const inventoryJsonMb = sizeMb('inventory.json');
const resultJsonMb = sizeMb('result.json');
rmSync(out, { recursive: true, force: true });
const readBacks = run.readBacks();
const findings = Array.isArray(result.findings) ? result.findings.length : result.findings.size;
const summary = { failed: result.scores.overall.counts.FAIL, errors: result.scores.overall.counts.ERROR };
run.close();
run = result = inventory = undefined;
await collect();
const heldAtEnd = heapWithResult - process.memoryUsage().heapUsed;

const stats = s.sandbox.stats();
const calls = stats.total - callsBefore;
const accounts = allAccounts(s).length;
console.log(
  JSON.stringify({
    case: spec.name,
    path: spec.memory ? 'runVerify (in memory)' : 'streamVerify (spilled)',
    accounts,
    regions: REGIONS.length,
    latencyMs: LATENCY_MS,
    throttle: THROTTLE,
    buildSeconds: round1(buildSeconds),
    warmupSeconds: round1(warmupSeconds),
    wallSeconds: round1(wallSeconds),
    // Reading every account, then the rest: role inference, evaluation, scoring, spooling.
    observeSeconds: round1((observedAt - start) / 1000),
    evaluateSeconds: round1(wallSeconds - (observedAt - start) / 1000),
    apiCalls: calls,
    callsPerAccountRegion: round1(calls / (accounts * REGIONS.length)),
    throttled: throttledOf(stats) - throttledBefore,
    findings,
    ...summary,
    peakLiveHeapMb: Math.round(peakLive / MB),
    heldAtEndMb: Math.round(heldAtEnd / MB),
    peakRssMb,
    accountReadBacks: readBacks,
    outputSeconds: round1(outputSeconds),
    inventoryJsonMb,
    resultJsonMb,
    node: process.version,
  }),
);
