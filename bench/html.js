// Size and render time of the HTML report for a generated organization of 1,000 accounts × 200
// controls (200,000 findings). Needs `npm run build`; run with `node bench/html.js`. Writes
// bench/results/html.json.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { renderHtml } from '../dist/report/html/index.js';
import { renderJson } from '../dist/report/json.js';
import { scoreFindings } from '../dist/verify/score.js';
import { CAPABILITY_IDS, PRINCIPLE_IDS } from '../dist/catalog/ids.js';

const ACCOUNTS = 1000;
const CONTROLS = 200;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'];
const CYCLE = ['PASS', 'PASS', 'FAIL', 'PASS', 'NOT_APPLICABLE', 'PASS', 'FAIL', 'ERROR'];

const ids = Array.from({ length: ACCOUNTS }, (_, i) => String(300000000000 + i));
const roleOf = (i) =>
  i === 0 ? 'management' : i === 1 ? 'security-tooling' : i === 2 ? 'log-archive' : 'workload';
const controls = Array.from({ length: CONTROLS }, (_, c) => ({
  id: `svc${c % 20}.check-${c}`,
  title: `Generated control ${c}`,
  severity: SEVERITIES[c % SEVERITIES.length],
  service: `svc${c % 20}`,
  capabilities: [CAPABILITY_IDS[c % CAPABILITY_IDS.length]],
  principles: [PRINCIPLE_IDS[c % PRINCIPLE_IDS.length]],
  appliesTo: 'all',
  scope: 'region',
  refs: {},
  risk: `Risk of control ${c}.`,
  remediation: { blueprint: `section.key${c}`, manual: `Fix control ${c} by hand.` },
}));
const findings = [];
for (let a = 0; a < ACCOUNTS; a++) {
  for (let c = 0; c < CONTROLS; c++) {
    const status = CYCLE[(a + c) % CYCLE.length];
    findings.push({
      controlId: controls[c].id,
      status,
      severity: controls[c].severity,
      account: ids[a],
      region: 'us-east-1',
      resource: `${ids[a]}/us-east-1`,
      message: status === 'FAIL' ? `control ${c} fails in us-east-1` : `control ${c} holds in us-east-1`,
      ...(status === 'FAIL' ? { expected: { enabled: true }, actual: { enabled: false } } : {}),
    });
  }
}
const roles = ids.map((id, i) => ({
  account: id,
  roles: [roleOf(i)],
  reason: 'generated',
  source: 'inferred',
}));
const rolesById = new Map(roles.map((r) => [r.account, r.roles]));
const result = {
  schemaVersion: 1,
  tool: { name: 'sra-kit', version: 'bench' },
  collectedAt: '2025-06-01T00:00:00.000Z',
  evaluatedAt: '2025-06-01T00:10:00.000Z',
  organizationId: 'o-benchbench1',
  managementAccountId: ids[0],
  homeRegion: 'us-east-1',
  governedRegions: ['us-east-1'],
  accounts: ids.map((id, i) => ({ id, name: `Account ${i}`, status: 'ACTIVE', ouPath: [`OU ${i % 10}`] })),
  roles,
  unreachable: [],
  controls,
  findings,
  scores: scoreFindings(findings, controls, (id) => rolesById.get(id) ?? ['workload']),
  scope: {},
};

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
const html = renderHtml(result);
const renderMs = Math.round(performance.now() - start);
const out = {
  accounts: ACCOUNTS,
  controls: CONTROLS,
  findings: findings.length,
  renderMs,
  htmlMb: Number((Buffer.byteLength(html) / 1024 / 1024).toFixed(2)),
  jsonReportMb: Number((Buffer.byteLength(renderJson(result)) / 1024 / 1024).toFixed(2)),
  heapDuringRenderMb: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024),
  node: process.version,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/html.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out)}\n`);
