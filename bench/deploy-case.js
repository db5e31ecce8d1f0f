// One plan/apply benchmark case, run in its own process by bench/run.js; prints one JSON line.
// A greenfield organization of N accounts × 4 Regions with 30 ms per call and throttling: the first plan,
// the full apply, and the no-op plan afterwards (which must be empty).
import { RealClock } from '../dist/sandbox/core/clock.js';
import { greenfield, allAccounts, scenarioAccess } from '../dist/sandbox/scenarios/index.js';
import { scenarioBlueprint } from '../dist/sandbox/scenarios/blueprint.js';
import { executePlan, makePlan } from '../dist/engine/run.js';
import { MemoryJournal } from '../dist/engine/journal.js';
import { FEATURES } from '../dist/features/index.js';

const spec = JSON.parse(process.argv[2]);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'].slice(0, spec.regions);
const LATENCY_MS = 30;
const THROTTLE = { ratePerSecond: 100, burst: 100 };

const s = await greenfield({
  workloads: spec.workloads,
  regions: REGIONS,
  clock: new RealClock(),
  latencyMs: LATENCY_MS,
  throttle: THROTTLE,
});
globalThis.gc?.();
const rssAfterBuildMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const access = () => scenarioAccess(s);
const blueprint = scenarioBlueprint(s);
const plan = (a) =>
  makePlan({ access: a, blueprint, blueprintPath: 'sra.yaml', features: FEATURES, accountConcurrency: 64 });

const seconds = (t) => Math.round(((Date.now() - t) / 1000) * 10) / 10;
let t = Date.now();
const first = await plan(access());
const planSeconds = seconds(t);
const callsBefore = s.sandbox.stats().total;
t = Date.now();
const result = await executePlan({
  access: access(),
  plan: first.plan,
  features: FEATURES,
  journal: new MemoryJournal(),
  concurrency: 128,
  perAccount: 8,
});
const applySeconds = seconds(t);
const applyCalls = s.sandbox.stats().total - callsBefore;
t = Date.now();
const second = await plan(access());
const noopPlanSeconds = seconds(t);
const accounts = allAccounts(s).length;
const stats = s.sandbox.stats();
console.log(
  JSON.stringify({
    case: spec.name,
    accounts,
    regions: REGIONS.length,
    latencyMs: LATENCY_MS,
    throttle: THROTTLE,
    planSeconds,
    steps: first.plan.steps.length,
    applySeconds,
    applyCalls,
    failedSteps: result.failed.length + result.blocked.length,
    noopPlanSeconds,
    noopPlanSteps: second.plan.steps.length,
    throttled: [...stats.errors.entries()]
      .filter(([k]) => /Throttl|TooManyRequests|RequestLimit|SlowDown/.test(k))
      .reduce((a, [, n]) => a + n, 0),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssAfterBuildMb,
    node: process.version,
  }),
);
