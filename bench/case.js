// One benchmark case, run in its own process by bench/run.js; prints one JSON line.
import { RealClock } from '../dist/sandbox/core/clock.js';
import { generated, allAccounts, scenarioAccess } from '../dist/sandbox/scenarios/index.js';
import { SERVICE_MODULES } from '../dist/services/index.js';
import { ORGANIZATION_READER } from '../dist/cli/commands/verify.js';
import { runVerify } from '../dist/verify/verify.js';

const spec = JSON.parse(process.argv[2]);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'].slice(0, spec.regions);
const LATENCY_MS = 30;
// Throttling: a token bucket per (account, Region, API): 100 requests per second, burst 100. The one
// hot key is sts:AssumeRole from the management account (one call per member account).
const THROTTLE = { ratePerSecond: 100, burst: 100 };

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
// The simulated organization lives in this process too: its memory is measured before verify starts,
// so what verify itself adds can be told apart from the simulation.
globalThis.gc?.();
const rssAfterBuildMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const access = scenarioAccess(s);
const reads = new Map();
const start = Date.now();
const { result, inventory } = await runVerify({
  access,
  modules: SERVICE_MODULES,
  organizationReader: ORGANIZATION_READER,
  regions: REGIONS,
  accountConcurrency: 32,
  onRead: (op) => reads.set(op, (reads.get(op) ?? 0) + 1),
});
const wallSeconds = (Date.now() - start) / 1000;
// Peak RSS is read before the JSON sizes below are measured: serialising 80 MB of findings for the
// measurement would otherwise count against verify.
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const stats = s.sandbox.stats();
const accounts = allAccounts(s).length;
console.log(
  JSON.stringify({
    case: spec.name,
    accounts,
    regions: REGIONS.length,
    latencyMs: LATENCY_MS,
    throttle: THROTTLE,
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    apiCalls: stats.total,
    callsPerAccountRegion: Math.round((stats.total / (accounts * REGIONS.length)) * 10) / 10,
    throttled: [...stats.errors.entries()]
      .filter(([k]) => /Throttl|TooManyRequests|RequestLimit|SlowDown/.test(k))
      .reduce((a, [, n]) => a + n, 0),
    findings: result.findings.length,
    failed: result.scores.overall.counts.FAIL,
    errors: result.scores.overall.counts.ERROR,
    peakRssMb,
    rssAfterBuildMb,
    verifyAddedRssMb: peakRssMb - rssAfterBuildMb,
    inventoryJsonMb: Math.round((JSON.stringify(inventory).length / 1024 / 1024) * 10) / 10,
    resultJsonMb: Math.round((JSON.stringify(result).length / 1024 / 1024) * 10) / 10,
    node: process.version,
  }),
);
