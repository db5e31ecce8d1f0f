/**
 * AWS WAF module: the collectors against sandbox scenarios (greenfield, the reference SRA, planted resources,
 * a denied read), and every control on pass, fail, not-applicable and error inputs.
 */
import { describe, expect, it } from 'vitest';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  PutLoggingConfigurationCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import type { Datum, Inventory } from '../../src/observe/types.js';
import { deployReferenceSra, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import { plantAmplifyApp } from '../../src/sandbox/services/amplify.js';
import { plantRestApi, stageArn } from '../../src/sandbox/services/apigateway.js';
import { plantAppRunnerService } from '../../src/sandbox/services/apprunner.js';
import { plantGraphqlApi } from '../../src/sandbox/services/appsync.js';
import { plantDistribution } from '../../src/sandbox/services/cloudfront.js';
import { plantUserPool } from '../../src/sandbox/services/cognito.js';
import { plantVerifiedAccessInstance } from '../../src/sandbox/services/ec2.js';
import { plantLoadBalancer } from '../../src/sandbox/services/elbv2.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import {
  WAF,
  WAF_CLOUDFRONT,
  WAF_CONTROLS,
  WAF_REGIONAL_KINDS,
  wafCloudFrontCollector,
  wafCollector,
  wafModule,
  type WafCloudFrontSlice,
  type WafRegionSlice,
  type WafRegionalKind,
  type WafResource,
  type WafWebAcl,
} from '../../src/services/waf/index.js';
import type { Control } from '../../src/verify/types.js';
import { collectIn } from '../verify/harness.js';
import {
  AUDIT,
  R,
  R2,
  W1,
  blueprint,
  evaluateScenario,
  failed,
  inventory,
  lines,
  observeScenario,
  ok,
  one,
  run,
  setAccountSlice,
  setRegionSlice,
} from './optional-fixtures.js';

const byId = (id: string): Control => WAF_CONTROLS.find((c) => c.id === id)!;

// ---------------------------------------------------------------------------------------------------------
// Hand-built slices

const ACL = `arn:aws:wafv2:${R}:${W1}:regional/webacl/app/11111111-2222-3333-4444-555555555555`;
const EDGE_ACL = `arn:aws:wafv2:us-east-1:${W1}:global/webacl/edge/66666666-2222-3333-4444-555555555555`;

function resource(arn: string, webAcl: Datum<string | null>): WafResource {
  return { arn, name: arn.split('/').pop()!, webAcl };
}

function regionSlice(init: {
  resources?: Partial<Record<WafRegionalKind, Datum<WafResource[]>>>;
  webAcls?: Datum<WafWebAcl[]>;
  logged?: Datum<string[]>;
}): WafRegionSlice {
  const resources = Object.fromEntries(
    WAF_REGIONAL_KINDS.map((k) => [k, init.resources?.[k] ?? ok([])]),
  ) as Record<WafRegionalKind, Datum<WafResource[]>>;
  return { webAcls: init.webAcls ?? ok([]), loggedWebAcls: init.logged ?? ok([]), resources };
}

function cloudFrontSlice(init: Partial<WafCloudFrontSlice> = {}): WafCloudFrontSlice {
  return { distributions: ok([]), webAcls: ok([]), loggedWebAcls: ok([]), ...init };
}

/** An inventory with `slice` in W1's home Region and empty WAF slices everywhere else. */
function inv(slice: WafRegionSlice, cf: WafCloudFrontSlice = cloudFrontSlice()): Inventory {
  const i = inventory();
  setRegionSlice(i, W1, R, WAF, slice);
  setRegionSlice(i, W1, R2, WAF, regionSlice({}));
  setAccountSlice(i, W1, WAF_CLOUDFRONT, cf);
  return i;
}

// ---------------------------------------------------------------------------------------------------------
// Controls

/** Each association control with an ARN of its resource type. */
const ASSOCIATIONS: Array<[string, WafRegionalKind, string, string]> = [
  [
    'waf.alb-web-acl',
    'alb',
    'SRA-WAF-02',
    `arn:aws:elasticloadbalancing:${R}:${W1}:loadbalancer/app/web/0123456789abcdef`,
  ],
  [
    'waf.api-gateway-web-acl',
    'apiGatewayStage',
    'SRA-WAF-03',
    `arn:aws:apigateway:${R}::/restapis/abc123/stages/prod`,
  ],
  [
    'waf.appsync-web-acl',
    'appsync',
    'SRA-WAF-04',
    `arn:aws:appsync:${R}:${W1}:apis/abcdefghijklmnopqrstuvwxyz`,
  ],
  [
    'waf.cognito-user-pool-web-acl',
    'cognitoUserPool',
    'SRA-WAF-05',
    `arn:aws:cognito-idp:${R}:${W1}:userpool/${R}_AbCdEf123`,
  ],
  [
    'waf.app-runner-web-acl',
    'appRunnerService',
    'SRA-WAF-06',
    `arn:aws:apprunner:${R}:${W1}:service/shop/0123`,
  ],
  [
    'waf.verified-access-web-acl',
    'verifiedAccessInstance',
    'SRA-WAF-07',
    `arn:aws:ec2:${R}:${W1}:verified-access-instance/vai-0123`,
  ],
  ['waf.amplify-web-acl', 'amplifyApp', 'SRA-WAF-08', `arn:aws:amplify:${R}:${W1}:apps/d0123456789abc`],
];

describe.each(ASSOCIATIONS)('%s', (id, kind, sraVerify, arn) => {
  const control = byId(id);

  it(`references ${sraVerify} and applies to every account per Region`, () => {
    expect(control.refs.sraVerify).toEqual([sraVerify]);
    expect(control).toMatchObject({ appliesTo: 'all', scope: 'region', uses: [WAF] });
  });

  it('passes a resource that has a web ACL', () => {
    const out = one(control, inv(regionSlice({ resources: { [kind]: ok([resource(arn, ok(ACL))]) } })), W1);
    expect(out).toMatchObject({ status: 'PASS', resource: arn, actual: ACL });
  });

  it('fails a resource without a web ACL, naming it', () => {
    const out = one(control, inv(regionSlice({ resources: { [kind]: ok([resource(arn, ok(null))]) } })), W1);
    expect(out).toMatchObject({
      status: 'FAIL',
      resource: arn,
      expected: 'an AWS WAF web ACL',
      actual: 'none',
    });
  });

  it('is not applicable where the account has no such resource', () => {
    const out = one(control, inv(regionSlice({})), W1);
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toContain(R);
  });

  it('reports ERROR when the list failed, and per resource when one association read failed', () => {
    const listFailed = one(control, inv(regionSlice({ resources: { [kind]: failed('x:List', W1) } })), W1);
    expect(listFailed).toMatchObject({
      status: 'ERROR',
      error: { kind: 'access-denied', operation: 'x:List' },
    });
    const other = `${arn}-2`;
    const outs = run(
      control,
      inv(
        regionSlice({
          resources: {
            [kind]: ok([resource(arn, failed('wafv2:GetWebACLForResource', W1)), resource(other, ok(ACL))]),
          },
        }),
      ),
      W1,
    );
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['ERROR', arn],
      ['PASS', other],
    ]);
    expect(outs[0]!.error?.operation).toBe('wafv2:GetWebACLForResource');
  });
});

describe('waf.cloudfront-web-acl', () => {
  const control = byId('waf.cloudfront-web-acl');
  const D1 = `arn:aws:cloudfront::${W1}:distribution/E1AAAAAAAAAAAA`;
  const D2 = `arn:aws:cloudfront::${W1}:distribution/E2BBBBBBBBBBBB`;

  it('passes distributions with a web ACL (ARN or WAF Classic id) and fails the others', () => {
    const cf = cloudFrontSlice({ distributions: ok([resource(D1, ok(EDGE_ACL)), resource(D2, ok(null))]) });
    const outs = run(control, inv(regionSlice({}), cf), W1);
    expect(outs).toEqual([
      expect.objectContaining({ status: 'PASS', resource: D1, actual: EDGE_ACL }),
      expect.objectContaining({
        status: 'FAIL',
        resource: D2,
        expected: 'an AWS WAF web ACL',
        actual: 'none',
      }),
    ]);
    expect(control.refs).toEqual({ sraVerify: ['SRA-WAF-01'], fsbp: ['CloudFront.6'] });
  });

  it('is not applicable without distributions and ERROR when they could not be listed', () => {
    expect(one(control, inv(regionSlice({})), W1).status).toBe('NOT_APPLICABLE');
    const out = one(
      control,
      inv(regionSlice({}), cloudFrontSlice({ distributions: failed('cloudfront:ListDistributions', W1) })),
      W1,
    );
    expect(out).toMatchObject({ status: 'ERROR', error: { operation: 'cloudfront:ListDistributions' } });
  });
});

describe('waf.web-acl-logging', () => {
  const control = byId('waf.web-acl-logging');
  const ACL2 = ACL.replace('/app/', '/quiet/');

  it('passes web ACLs that log and fails those that do not', () => {
    const slice = regionSlice({
      webAcls: ok([
        { name: 'app', arn: ACL },
        { name: 'quiet', arn: ACL2 },
      ]),
      logged: ok([ACL]),
    });
    const outs = run(control, inv(slice), W1, { region: R });
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['PASS', ACL],
      ['FAIL', ACL2],
    ]);
    expect(outs[1]).toMatchObject({ actual: 'none' });
    expect(control.refs).toEqual({ sraVerify: ['SRA-WAF-09'], fsbp: ['WAF.11'] });
  });

  it('judges CloudFront web ACLs once, in the home Region', () => {
    const cf = cloudFrontSlice({ webAcls: ok([{ name: 'edge', arn: EDGE_ACL }]), loggedWebAcls: ok([]) });
    const home = run(control, inv(regionSlice({}), cf), W1, { region: R });
    expect(home).toEqual([expect.objectContaining({ status: 'FAIL', resource: EDGE_ACL })]);
    const other = run(control, inv(regionSlice({}), cf), W1, { region: R2 });
    expect(other).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE' })]);
  });

  it('is not applicable without web ACLs, or when the blueprint turns logging off or leaves the Region out', () => {
    expect(one(control, inv(regionSlice({})), W1).status).toBe('NOT_APPLICABLE');
    const slice = regionSlice({ webAcls: ok([{ name: 'app', arn: ACL }]) });
    const off = one(control, inv(slice), W1, {
      blueprint: blueprint('applicationSecurity:\n  wafLogging: { enabled: false }\n'),
    });
    expect(off).toMatchObject({ status: 'NOT_APPLICABLE' });
    expect(off.message).toContain('applicationSecurity.wafLogging.enabled: false');
    const excluded = one(control, inv(slice), W1, {
      blueprint: blueprint(`applicationSecurity:\n  wafLogging:\n    targets: { excludeRegions: [${R}] }\n`),
    });
    expect(excluded.status).toBe('NOT_APPLICABLE');
    const otherAccount = one(control, inv(slice), W1, {
      blueprint: blueprint(`applicationSecurity:\n  wafLogging:\n    targets: { accounts: ['${AUDIT}'] }\n`),
    });
    expect(otherAccount.status).toBe('NOT_APPLICABLE');
    // With the default blueprint the web ACL is judged.
    expect(one(control, inv(slice), W1, { blueprint: blueprint() }).status).toBe('FAIL');
  });

  it('reports ERROR when the logging configurations could not be read', () => {
    const slice = regionSlice({
      webAcls: ok([{ name: 'app', arn: ACL }]),
      logged: failed('wafv2:ListLoggingConfigurations', W1),
    });
    expect(one(control, inv(slice), W1, { region: R })).toMatchObject({
      status: 'ERROR',
      error: { operation: 'wafv2:ListLoggingConfigurations' },
    });
  });
});

it('covers SRA-WAF-01..09 and is registered', () => {
  const ids = WAF_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort();
  expect(ids).toEqual(Array.from({ length: 9 }, (_, i) => `SRA-WAF-0${i + 1}`));
  expect(SERVICE_MODULES).toContain(wafModule);
  expect(new Set(WAF_CONTROLS.map((c) => c.id)).size).toBe(WAF_CONTROLS.length);
});

// ---------------------------------------------------------------------------------------------------------
// Collectors and controls against scenarios

/** Greenfield plus one of each resource type in the first workload account, some protected, some not. */
async function withResources(): Promise<{ s: Scenario; planted: Record<string, string> }> {
  const s = await greenfield();
  const w = s.sandbox.world;
  const acct = s.workloadIds[0]!;
  const home = s.homeRegion;
  const waf = s.client(WAFV2Client, acct, home);
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'app',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'app' },
    }),
  );
  const acl = created.Summary!.ARN!;
  const apiId = plantRestApi(w, acct, home, { name: 'orders', stages: ['prod'] });
  const planted = {
    acl,
    albGuarded: plantLoadBalancer(w, acct, home, { name: 'guarded' }),
    albOpen: plantLoadBalancer(w, acct, home, { name: 'open' }),
    nlb: plantLoadBalancer(w, acct, home, { name: 'tcp', type: 'network' }),
    stage: stageArn(home, apiId, 'prod'),
    graphql: plantGraphqlApi(w, acct, home, 'gql'),
    pool: plantUserPool(w, acct, home, 'users'),
    runner: plantAppRunnerService(w, acct, home, 'svc'),
    instance: plantVerifiedAccessInstance(w, acct, home),
    amplify: plantAmplifyApp(w, acct, home, {
      name: 'site',
      webAclArn: 'arn:aws:wafv2:us-east-1:x:global/webacl/a/1',
    }),
    distribution: plantDistribution(w, acct, { comment: 'cdn' }),
  };
  for (const arn of [planted.albGuarded, planted.graphql, planted.runner]) {
    await waf.send(new AssociateWebACLCommand({ WebACLArn: acl, ResourceArn: arn }));
  }
  return { s, planted };
}

describe('collectors', () => {
  it('read empty lists in a greenfield account, one datum per resource type', async () => {
    const s = await greenfield();
    const slice = await collectIn(s, wafCollector, s.workloadIds[0]!);
    expect(slice).toEqual(regionSlice({}));
    const cf = await collectIn(s, wafCloudFrontCollector, s.workloadIds[0]!);
    expect(cf).toEqual(cloudFrontSlice());
  });

  it('read each resource with its web ACL from where AWS reports it', async () => {
    const { s, planted } = await withResources();
    const acct = s.workloadIds[0]!;
    const slice = await collectIn(s, wafCollector, acct);
    const assoc = (kind: WafRegionalKind) =>
      (slice.resources[kind] as { value: WafResource[] }).value.map((r) => [
        r.arn,
        (r.webAcl as { value: unknown }).value,
      ]);
    expect(assoc('alb')).toEqual([
      [planted.albGuarded, planted.acl],
      [planted.albOpen, null],
    ]); // the network load balancer is not listed
    expect(assoc('apiGatewayStage')).toEqual([[planted.stage, null]]);
    expect(assoc('appsync')).toEqual([[planted.graphql, planted.acl]]);
    expect(assoc('cognitoUserPool')).toEqual([[planted.pool, null]]);
    expect(assoc('appRunnerService')).toEqual([[planted.runner, planted.acl]]);
    expect(assoc('verifiedAccessInstance')).toEqual([[planted.instance, null]]);
    expect(assoc('amplifyApp')).toEqual([[planted.amplify, 'arn:aws:wafv2:us-east-1:x:global/webacl/a/1']]);
    expect(slice.webAcls).toEqual(ok([{ name: 'app', arn: planted.acl }]));
    expect(slice.loggedWebAcls).toEqual(ok([]));
    const cf = await collectIn(s, wafCloudFrontCollector, acct, s.governedRegions[1]);
    expect(cf.distributions).toEqual(
      ok([{ arn: planted.distribution, name: expect.stringContaining('(cdn)'), webAcl: ok(null) }]),
    );
  });

  it('turns a denied list into a DataError for that resource type only', async () => {
    const { s } = await withResources();
    const acct = s.workloadIds[0]!;
    s.sandbox.knobs = { deny: [{ action: 'elasticloadbalancing:DescribeLoadBalancers', account: acct }] };
    const slice = await collectIn(s, wafCollector, acct);
    expect(slice.resources.alb).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        account: acct,
        region: s.homeRegion,
        operation: 'elasticloadbalancing:DescribeLoadBalancers',
      },
    });
    expect(slice.resources.cognitoUserPool.ok).toBe(true);
    s.sandbox.knobs = { deny: [{ action: 'wafv2:GetWebACLForResource', account: acct }] };
    const denied = await collectIn(s, wafCollector, acct);
    const pool = (denied.resources.cognitoUserPool as { value: WafResource[] }).value[0]!;
    expect(pool.webAcl).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });

  it('report exactly the planted gaps, end to end', async () => {
    const { s, planted } = await withResources();
    const acct = s.workloadIds[0]!;
    await s.client(WAFV2Client, acct).send(
      new PutLoggingConfigurationCommand({
        LoggingConfiguration: {
          ResourceArn: planted.acl,
          LogDestinationConfigs: [`arn:aws:s3:::aws-waf-logs-${s.logArchiveId}`],
        },
      }),
    );
    const inventoryOf = await observeScenario(s, wafModule.collectors);
    const findings = evaluateScenario(s, inventoryOf, WAF_CONTROLS);
    expect(lines(findings, 'ERROR')).toEqual([]);
    expect(lines(findings, 'FAIL')).toEqual(
      [
        `waf.alb-web-acl ${acct} ${s.homeRegion}`,
        `waf.api-gateway-web-acl ${acct} ${s.homeRegion}`,
        `waf.cloudfront-web-acl ${acct}`,
        `waf.cognito-user-pool-web-acl ${acct} ${s.homeRegion}`,
        `waf.verified-access-web-acl ${acct} ${s.homeRegion}`,
      ].sort(),
    );
    const failing = findings
      .filter((f) => f.status === 'FAIL')
      .map((f) => f.resource)
      .sort();
    expect(failing).toEqual(
      [planted.albOpen, planted.distribution, planted.instance, planted.pool, planted.stage].sort(),
    );
    expect(lines(findings, 'PASS')).toContain(`waf.web-acl-logging ${acct} ${s.homeRegion}`);
  });
});

describe('the reference SRA and the drifted scenario', () => {
  it('have no WAF gaps: every control passes or does not apply', async () => {
    const s = await greenfield();
    await deployReferenceSra(s.sandbox, s);
    const findings = evaluateScenario(s, await observeScenario(s, wafModule.collectors), WAF_CONTROLS);
    expect(lines(findings, 'FAIL')).toEqual([]);
    expect(lines(findings, 'ERROR')).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('plants no drift that touches WAF', async () => {
    const s = await drifted();
    const findings = evaluateScenario(s, await observeScenario(s, wafModule.collectors), WAF_CONTROLS);
    expect([...lines(findings, 'FAIL'), ...lines(findings, 'ERROR')]).toEqual([]);
  });
});
