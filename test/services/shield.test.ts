/**
 * AWS Shield Advanced module (optional, paid): the collector against sandbox scenarios, and every control on
 * pass, fail, not-applicable and error inputs.
 */
import { describe, expect, it } from 'vitest';
import { CreateSubscriptionCommand, ShieldClient } from '@aws-sdk/client-shield';
import { parseBlueprint } from '../../src/blueprint/index.js';
import type { Datum, Inventory } from '../../src/observe/types.js';
import { deployReferenceSra, drifted, greenfield, allAccounts } from '../../src/sandbox/scenarios/index.js';
import { plantDistribution } from '../../src/sandbox/services/cloudfront.js';
import { plantLoadBalancer } from '../../src/sandbox/services/elbv2.js';
import { plantShieldProtection, plantShieldSubscription } from '../../src/sandbox/services/shield.js';
import { plantMetricAlarm } from '../../src/sandbox/services/cloudwatch.js';
import { plantElasticIp } from '../../src/sandbox/services/ec2.js';
import { plantAccelerator } from '../../src/sandbox/services/globalaccelerator.js';
import { plantFunction } from '../../src/sandbox/services/lambda.js';
import { plantHostedZone } from '../../src/sandbox/services/route53.js';
import { plantWebAcl, plantWebAclAssociation } from '../../src/sandbox/services/wafv2.js';
import { SERVICE_MODULES } from '../../src/services/index.js';
import {
  SHIELD,
  SHIELD_CONTROLS,
  shieldCollector,
  shieldModule,
  type ShieldProtection,
  type ShieldSlice,
} from '../../src/services/shield/index.js';
import { WAF, WAF_CLOUDFRONT, wafModule, type WafResource } from '../../src/services/waf/index.js';
import type { Control } from '../../src/verify/types.js';
import { collectIn } from '../verify/harness.js';
import {
  R,
  R2,
  W1,
  W2,
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

const byId = (id: string): Control => SHIELD_CONTROLS.find((c) => c.id === id)!;

// ---------------------------------------------------------------------------------------------------------
// Hand-built slices

const CF = `arn:aws:cloudfront::${W1}:distribution/E1AAAAAAAAAAAA`;
const ALB = `arn:aws:elasticloadbalancing:${R}:${W1}:loadbalancer/app/web/0123456789abcdef`;
const ALB2 = `arn:aws:elasticloadbalancing:${R2}:${W1}:loadbalancer/app/api/fedcba9876543210`;
const EIP = `arn:aws:ec2:${R}:${W1}:eip-allocation/eipalloc-0123456789abcdef0`;
const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789';
const ACCEL = `arn:aws:globalaccelerator::${W1}:accelerator/1234abcd-abcd-1234-abcd-1234abcdef12`;
const LAMBDA = `arn:aws:lambda:us-east-1:${W1}:function:AWS_Shield_Engagement_Lambda`;
const ACL = `arn:aws:wafv2:${R}:${W1}:regional/webacl/app/11111111-2222-3333-4444-555555555555`;

function protection(resourceArn: string, extra: Partial<ShieldProtection> = {}): ShieldProtection {
  return {
    id: `p-${resourceArn.slice(-6)}`,
    name: `protect-${resourceArn.slice(-6)}`,
    resourceArn,
    healthCheckIds: [],
    ...extra,
  };
}

/** A subscribed account's slice; every part can be overridden. */
function subscribed(over: Partial<ShieldSlice> = {}): ShieldSlice {
  return {
    state: ok('ACTIVE'),
    subscription: ok({ autoRenew: 'ENABLED', proactiveEngagement: 'ENABLED' }),
    protections: ok([]),
    drtAccess: ok({ roleArn: `arn:aws:iam::${W1}:role/ShieldSrt`, logBucketCount: 0 }),
    emergencyContactCount: ok(1),
    elasticIps: { [R]: ok([]), [R2]: ok([]) },
    hostedZones: ok([]),
    accelerators: ok([]),
    engagementLambda: ok(LAMBDA),
    ddosAlarms: ok([]),
    ...over,
  };
}

const INACTIVE: ShieldSlice = { state: ok('INACTIVE') };

function webResource(arn: string, webAcl: Datum<string | null> = ok(null)): WafResource {
  return { arn, name: arn.split('/').slice(-2).join('/'), webAcl };
}

/**
 * W1 holds `slice`, every other account is not subscribed; W1 has the given distributions and ALBs (listed by
 * the WAF collectors) in the home and second Region.
 */
function inv(
  slice: ShieldSlice,
  web: { distributions?: WafResource[]; albs?: WafResource[]; albs2?: Datum<WafResource[]> } = {},
): Inventory {
  const i = inventory();
  for (const a of i.accounts) setAccountSlice(i, a.id, SHIELD, a.id === W1 ? slice : INACTIVE);
  setAccountSlice(i, W1, WAF_CLOUDFRONT, {
    distributions: ok(web.distributions ?? []),
    webAcls: ok([]),
    loggedWebAcls: ok([]),
  });
  const regional = (albs: Datum<WafResource[]>) => ({
    webAcls: ok([]),
    loggedWebAcls: ok([]),
    resources: { alb: albs },
  });
  setRegionSlice(i, W1, R, WAF, regional(ok(web.albs ?? [])));
  setRegionSlice(i, W1, R2, WAF, regional(web.albs2 ?? ok([])));
  return i;
}

const SHIELD_ON = 'infrastructureProtection:\n  shieldAdvanced: { enabled: true, acknowledgeCost: true }\n';

// ---------------------------------------------------------------------------------------------------------
// Controls

describe('shield.advanced-subscription', () => {
  const control = byId('shield.advanced-subscription');

  it('passes a subscribed account and fails the others once the organization uses Shield Advanced', () => {
    const i = inv(subscribed());
    expect(one(control, i, W1)).toMatchObject({ status: 'PASS', actual: 'ACTIVE' });
    expect(one(control, i, W2)).toMatchObject({ status: 'FAIL', expected: 'ACTIVE', actual: 'INACTIVE' });
  });

  it('is not applicable while nobody subscribes and the blueprint does not ask, but fails when it asks', () => {
    const i = inv(INACTIVE);
    const na = one(control, i, W1);
    expect(na.status).toBe('NOT_APPLICABLE');
    expect(na.message).toContain('acknowledgeCost: true');
    expect(one(control, i, W1, { blueprint: blueprint(SHIELD_ON) }).status).toBe('FAIL');
  });

  it('reports ERROR when the subscription state could not be read', () => {
    const out = one(control, inv({ state: failed('shield:GetSubscriptionState', W1) }), W1);
    expect(out).toMatchObject({ status: 'ERROR', error: { operation: 'shield:GetSubscriptionState' } });
  });
});

/** Controls that judge one subscription-level setting: [id, sraVerify, passing slice, failing slice, failed datum]. */
const SETTINGS: Array<[string, string, ShieldSlice, ShieldSlice, ShieldSlice]> = [
  [
    'shield.auto-renew',
    'SRA-SHIELD-02',
    subscribed(),
    subscribed({ subscription: ok({ autoRenew: 'DISABLED', proactiveEngagement: 'ENABLED' }) }),
    subscribed({ subscription: failed('shield:DescribeSubscription', W1) }),
  ],
  [
    'shield.srt-access',
    'SRA-SHIELD-08',
    subscribed(),
    subscribed({ drtAccess: ok({ logBucketCount: 0 }) }),
    subscribed({ drtAccess: failed('shield:DescribeDRTAccess', W1) }),
  ],
  [
    'shield.proactive-engagement',
    'SRA-SHIELD-09',
    subscribed(),
    subscribed({ emergencyContactCount: ok(0) }),
    subscribed({ emergencyContactCount: failed('shield:DescribeEmergencyContactSettings', W1) }),
  ],
];

describe.each(SETTINGS)('%s', (id, sraVerify, good, bad, broken) => {
  const control = byId(id);
  it(`references ${sraVerify}`, () => expect(control.refs.sraVerify).toEqual([sraVerify]));
  it('passes the SRA setting', () => expect(one(control, inv(good), W1).status).toBe('PASS'));
  it('fails the weaker setting with evidence', () => {
    const out = one(control, inv(bad), W1);
    expect(out.status).toBe('FAIL');
    expect(out.expected).toBeDefined();
    expect(out.actual).toBeDefined();
  });
  it('is not applicable in an unsubscribed account', () => {
    const out = one(control, inv(subscribed()), W2);
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toContain('shield.advanced-subscription');
    expect(one(control, inv(INACTIVE), W1).message).toContain('optional in the SRA');
  });
  it('reports ERROR with the failed read', () => {
    expect(one(control, inv(broken), W1)).toMatchObject({
      status: 'ERROR',
      error: { kind: 'access-denied' },
    });
  });
});

describe('shield.cloudfront-protected and shield.load-balancers-protected', () => {
  it('pass protected resources and fail unprotected ones, naming each', () => {
    const CF2 = CF.replace('E1AAAAAAAAAAAA', 'E2BBBBBBBBBBBB');
    const i = inv(subscribed({ protections: ok([protection(CF), protection(ALB)]) }), {
      distributions: [webResource(CF), webResource(CF2)],
      albs: [webResource(ALB)],
      albs2: ok([webResource(ALB2)]),
    });
    expect(run(byId('shield.cloudfront-protected'), i, W1).map((o) => [o.status, o.resource])).toEqual([
      ['PASS', CF],
      ['FAIL', CF2],
    ]);
    const lb = run(byId('shield.load-balancers-protected'), i, W1);
    expect(lb.map((o) => [o.status, o.resource])).toEqual([
      ['PASS', ALB],
      ['FAIL', ALB2],
    ]);
    expect(lb[1]).toMatchObject({ expected: 'a Shield Advanced protection', actual: 'no protection' });
  });

  it('are not applicable without such resources or without a subscription', () => {
    const i = inv(subscribed());
    expect(one(byId('shield.cloudfront-protected'), i, W1).status).toBe('NOT_APPLICABLE');
    expect(one(byId('shield.load-balancers-protected'), i, W1).status).toBe('NOT_APPLICABLE');
    expect(one(byId('shield.load-balancers-protected'), i, W2).status).toBe('NOT_APPLICABLE');
  });

  it('report ERROR for protections that could not be read, and per Region for load balancers', () => {
    const broken = inv(subscribed({ protections: failed('shield:ListProtections', W1) }), {
      distributions: [webResource(CF)],
    });
    expect(one(byId('shield.cloudfront-protected'), broken, W1)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'shield:ListProtections' },
    });
    const oneRegion = inv(subscribed(), {
      albs: [webResource(ALB)],
      albs2: failed('elasticloadbalancing:DescribeLoadBalancers', W1),
    });
    const outs = run(byId('shield.load-balancers-protected'), oneRegion, W1);
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['FAIL', ALB],
      ['ERROR', R2],
    ]);
  });
});

const EIP2 = `arn:aws:ec2:${R2}:${W1}:eip-allocation/eipalloc-0fedcba9876543210`;
const ZONE2 = 'arn:aws:route53:::hostedzone/Z9876543210';
const ACCEL2 = `arn:aws:globalaccelerator::${W1}:accelerator/9999abcd-abcd-1234-abcd-1234abcdef12`;

/** [id, sraVerify, protected ARN, unprotected ARN, slice listing both, slice with the list failed]. */
const KINDS: Array<
  [string, string, string, string, (a: string, b: string) => Partial<ShieldSlice>, Partial<ShieldSlice>]
> = [
  [
    'shield.elastic-ips-protected',
    'SRA-SHIELD-05',
    EIP,
    EIP2,
    (a, b) => ({ elasticIps: { [R]: ok([a]), [R2]: ok([b]) } }),
    { elasticIps: { [R]: ok([EIP]), [R2]: failed('ec2:DescribeAddresses', W1) } },
  ],
  [
    'shield.hosted-zones-protected',
    'SRA-SHIELD-06',
    ZONE,
    ZONE2,
    (a, b) => ({ hostedZones: ok([a, b]) }),
    { hostedZones: failed('route53:ListHostedZones', W1) },
  ],
  [
    'shield.global-accelerators-protected',
    'SRA-SHIELD-07',
    ACCEL,
    ACCEL2,
    (a, b) => ({ accelerators: ok([a, b]) }),
    { accelerators: failed('globalaccelerator:ListAccelerators', W1) },
  ],
];

describe.each(KINDS)('%s', (id, sraVerify, covered, uncovered, listing, broken) => {
  const control = byId(id);
  it(`references ${sraVerify}`, () => expect(control.refs.sraVerify).toEqual([sraVerify]));
  it('passes each protected resource and fails each unprotected one, naming it', () => {
    const outs = run(
      control,
      inv(subscribed({ protections: ok([protection(covered)]), ...listing(covered, uncovered) })),
      W1,
    );
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['PASS', covered],
      ['FAIL', uncovered],
    ]);
    expect(outs[1]).toMatchObject({ expected: 'a Shield Advanced protection', actual: 'none' });
  });
  it('is not applicable when the account has none, or without a subscription', () => {
    const none = one(control, inv(subscribed({ protections: ok([protection(ALB)]) })), W1);
    expect(none.status).toBe('NOT_APPLICABLE');
    expect(none.message).toContain('has no');
    expect(one(control, inv(INACTIVE), W1).status).toBe('NOT_APPLICABLE');
  });
  it('reports ERROR, never PASS or FAIL, for a list that could not be read', () => {
    const outs = run(control, inv(subscribed({ protections: ok([protection(covered)]), ...broken })), W1);
    expect(outs.filter((o) => o.status === 'ERROR')).toHaveLength(1);
    expect(outs.find((o) => o.status === 'ERROR')?.error?.kind).toBe('access-denied');
    expect(outs.filter((o) => o.status === 'FAIL')).toEqual([]);
  });
});

describe('shield.health-checks', () => {
  const control = byId('shield.health-checks');
  it('passes protections with a health check, fails those without, and skips hosted zones', () => {
    const i = inv(
      subscribed({
        protections: ok([protection(ALB, { healthCheckIds: ['hc-1'] }), protection(EIP), protection(ZONE)]),
      }),
    );
    expect(run(control, i, W1).map((o) => [o.status, o.resource])).toEqual([
      ['PASS', ALB],
      ['FAIL', EIP],
    ]);
  });
  it('is not applicable with only hosted zones, and ERROR when protections could not be read', () => {
    expect(one(control, inv(subscribed({ protections: ok([protection(ZONE)]) })), W1).status).toBe(
      'NOT_APPLICABLE',
    );
    expect(
      one(control, inv(subscribed({ protections: failed('shield:ListProtections', W1) })), W1).status,
    ).toBe('ERROR');
  });
});

describe('shield.engagement-lambda', () => {
  const control = byId('shield.engagement-lambda');
  it('references SRA-SHIELD-11', () => expect(control.refs.sraVerify).toEqual(['SRA-SHIELD-11']));
  it('passes when AWS_Shield_Engagement_Lambda exists in us-east-1, and fails when it does not', () => {
    expect(one(control, inv(subscribed()), W1)).toMatchObject({ status: 'PASS', resource: LAMBDA });
    expect(one(control, inv(subscribed({ engagementLambda: ok(null) })), W1)).toMatchObject({
      status: 'FAIL',
      expected: 'a Lambda function named AWS_Shield_Engagement_Lambda in us-east-1',
      actual: 'none',
    });
  });
  it('is not applicable in unsubscribed accounts', () => {
    expect(one(control, inv(subscribed()), W2).status).toBe('NOT_APPLICABLE');
  });
  it('reports ERROR when the functions could not be listed', () => {
    const out = one(control, inv(subscribed({ engagementLambda: failed('lambda:ListFunctions', W1) })), W1);
    expect(out).toMatchObject({ status: 'ERROR', error: { operation: 'lambda:ListFunctions' } });
  });
});

describe('shield.protected-resources-have-web-acl', () => {
  const control = byId('shield.protected-resources-have-web-acl');
  it('passes protected web resources with a web ACL and fails those without', () => {
    const i = inv(subscribed({ protections: ok([protection(CF), protection(ALB), protection(EIP)]) }), {
      distributions: [webResource(CF)],
      albs: [webResource(ALB, ok(ACL))],
    });
    expect(run(control, i, W1).map((o) => [o.status, o.resource])).toEqual([
      ['FAIL', CF],
      ['PASS', ALB],
    ]);
  });
  it('is not applicable without protected web resources or for a leftover protection', () => {
    expect(one(control, inv(subscribed({ protections: ok([protection(EIP)]) })), W1).status).toBe(
      'NOT_APPLICABLE',
    );
    const leftover = one(control, inv(subscribed({ protections: ok([protection(ALB)]) })), W1);
    expect(leftover).toMatchObject({ status: 'NOT_APPLICABLE', resource: ALB });
  });
  it('reports ERROR per resource when its web ACL or its Region was not read', () => {
    const ungoverned = `arn:aws:elasticloadbalancing:ap-south-1:${W1}:loadbalancer/app/far/0123456789abcdef`;
    const i = inv(subscribed({ protections: ok([protection(ALB), protection(ungoverned)]) }), {
      albs: [webResource(ALB, failed('wafv2:GetWebACLForResource', W1))],
    });
    expect(run(control, i, W1).map((o) => [o.status, o.resource])).toEqual([
      ['ERROR', ALB],
      ['ERROR', ungoverned],
    ]);
  });
});

describe('shield.ddos-detected-alarms', () => {
  const control = byId('shield.ddos-detected-alarms');
  it('passes protected distributions and hosted zones with a DDoSDetected alarm, fails the others', () => {
    const outs = run(
      control,
      inv(
        subscribed({
          protections: ok([protection(CF), protection(ZONE), protection(ALB)]),
          ddosAlarms: ok([
            { name: 'cdn-ddos', resourceArn: CF },
            { name: 'lb-ddos', resourceArn: ALB },
          ]),
        }),
      ),
      W1,
    );
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['PASS', CF],
      ['FAIL', ZONE],
    ]);
    expect(outs[0]!.actual).toEqual(['cdn-ddos']);
    expect(outs[1]!.expected).toContain('DDoSDetected');
  });
  it('is not applicable without protected global resources', () => {
    expect(one(control, inv(subscribed({ protections: ok([protection(ALB)]) })), W1).status).toBe(
      'NOT_APPLICABLE',
    );
    expect(one(control, inv(INACTIVE), W1).status).toBe('NOT_APPLICABLE');
  });
  it('reports ERROR when the alarms could not be read', () => {
    const out = one(
      control,
      inv(
        subscribed({
          protections: ok([protection(CF)]),
          ddosAlarms: failed('cloudwatch:DescribeAlarms', W1),
        }),
      ),
      W1,
    );
    expect(out).toMatchObject({ status: 'ERROR', error: { kind: 'access-denied' } });
  });
});

describe('shield.automatic-application-layer-mitigation', () => {
  const control = byId('shield.automatic-application-layer-mitigation');
  it('passes protected web resources with automatic mitigation and fails the others', () => {
    const i = inv(
      subscribed({ protections: ok([protection(CF, { automaticResponse: 'ENABLED' }), protection(ALB)]) }),
    );
    const outs = run(control, i, W1);
    expect(outs.map((o) => [o.status, o.resource])).toEqual([
      ['PASS', CF],
      ['FAIL', ALB],
    ]);
    expect(outs[1]).toMatchObject({ expected: 'ENABLED', actual: 'DISABLED' });
  });
  it('is not applicable without protected web resources and ERROR without protections data', () => {
    expect(one(control, inv(subscribed({ protections: ok([protection(EIP)]) })), W1).status).toBe(
      'NOT_APPLICABLE',
    );
    expect(
      one(control, inv(subscribed({ protections: failed('shield:ListProtections', W1) })), W1).status,
    ).toBe('ERROR');
  });
});

describe('the module', () => {
  it('covers SRA-SHIELD-01..14, is registered, and never suggests a subscription without acknowledgeCost', () => {
    const ids = SHIELD_CONTROLS.flatMap((c) => c.refs.sraVerify ?? []).sort();
    expect(ids).toEqual(Array.from({ length: 14 }, (_, i) => `SRA-SHIELD-${String(i + 1).padStart(2, '0')}`));
    expect(SERVICE_MODULES).toContain(shieldModule);
    for (const c of SHIELD_CONTROLS) expect(c.remediation.manual, c.id).toContain('acknowledgeCost: true');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Collector and end to end

describe('collector', () => {
  it('makes one read in an unsubscribed account', async () => {
    const s = await greenfield();
    s.sandbox.resetStats();
    expect(await collectIn(s, shieldCollector, s.workloadIds[0]!)).toEqual({ state: ok('INACTIVE') });
    const shieldReads = [...s.sandbox.stats().byOperation.keys()].filter((op) => op.startsWith('shield:'));
    expect(shieldReads).toEqual(['shield:GetSubscriptionState']);
  });

  it('reads the subscription, protections, SRT access and contacts of a subscribed account', async () => {
    const s = await greenfield();
    const acct = s.workloadIds[0]!;
    await s.client(ShieldClient, acct).send(new CreateSubscriptionCommand({}));
    const lb = plantLoadBalancer(s.sandbox.world, acct, s.homeRegion, { name: 'web' });
    plantShieldProtection(s.sandbox.world, acct, lb, { healthCheckIds: ['hc-1'] });
    const slice = await collectIn(s, shieldCollector, acct, s.governedRegions[1]);
    expect(slice).toEqual({
      state: ok('ACTIVE'),
      subscription: ok({
        autoRenew: 'ENABLED',
        proactiveEngagement: 'DISABLED',
        endTime: expect.any(String),
      }),
      protections: ok([
        { id: expect.any(String), name: expect.any(String), resourceArn: lb, healthCheckIds: ['hc-1'] },
      ]),
      drtAccess: ok({ logBucketCount: 0 }),
      emergencyContactCount: ok(0),
      elasticIps: Object.fromEntries(s.governedRegions.map((r) => [r, ok([])])),
      hostedZones: ok([]),
      accelerators: ok([]),
      engagementLambda: ok(null),
      ddosAlarms: ok([]),
    });
  });

  it('lists Elastic IPs per Region, public hosted zones, accelerators, the engagement function and DDoS alarms', async () => {
    const s = await greenfield();
    const w = s.sandbox.world;
    const acct = s.workloadIds[0]!;
    plantShieldSubscription(w, acct);
    const [home, second] = s.governedRegions as [string, string];
    const eip = plantElasticIp(w, acct, second);
    const zone = plantHostedZone(w, acct, 'example.com');
    plantHostedZone(w, acct, 'internal.example', { privateZone: true });
    const accel = plantAccelerator(w, acct, 'edge');
    plantFunction(w, acct, 'us-east-1', 'something-else');
    const fn = plantFunction(w, acct, 'us-east-1', 'AWS_Shield_Engagement_Lambda');
    plantFunction(w, acct, home === 'us-east-1' ? second : home, 'AWS_Shield_Engagement_Lambda');
    const cdn = plantDistribution(w, acct, { comment: 'cdn' });
    plantMetricAlarm(w, acct, 'us-east-1', {
      name: 'cdn-ddos',
      namespace: 'AWS/DDoSProtection',
      metricName: 'DDoSDetected',
      dimensions: { ResourceArn: cdn },
    });
    plantMetricAlarm(w, acct, 'us-east-1', {
      name: 'cpu',
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
    });
    const slice = await collectIn(s, shieldCollector, acct);
    expect(slice.elasticIps).toEqual({ [home]: ok([]), [second]: ok([eip]) });
    expect(eip).toMatch(new RegExp(`^arn:aws:ec2:${second}:${acct}:eip-allocation/eipalloc-[0-9a-f]+$`));
    expect(slice.hostedZones).toEqual(ok([zone]));
    expect(slice.accelerators).toEqual(ok([accel]));
    expect(slice.engagementLambda).toEqual(ok(fn));
    expect(slice.ddosAlarms).toEqual(ok([{ name: 'cdn-ddos', resourceArn: cdn }]));
  });

  it('turns each denied resource read into a DataError of its own', async () => {
    const s = await greenfield();
    const acct = s.workloadIds[0]!;
    plantShieldSubscription(s.sandbox.world, acct);
    const denied = [
      'ec2:DescribeAddresses',
      'route53:ListHostedZones',
      'globalaccelerator:ListAccelerators',
      'lambda:ListFunctions',
      'cloudwatch:DescribeAlarms',
    ];
    s.sandbox.knobs = { deny: denied.map((action) => ({ action, account: acct })) };
    const slice = await collectIn(s, shieldCollector, acct);
    for (const d of [
      ...Object.values(slice.elasticIps!),
      slice.hostedZones,
      slice.accelerators,
      slice.engagementLambda,
      slice.ddosAlarms,
    ]) {
      expect(d).toMatchObject({ ok: false, error: { kind: 'access-denied', account: acct } });
    }
    expect(slice.accelerators).toMatchObject({ error: { region: 'us-west-2' } });
    expect(slice.protections?.ok).toBe(true);
  });

  it('turns denied reads into DataErrors', async () => {
    const s = await greenfield();
    const acct = s.workloadIds[0]!;
    plantShieldSubscription(s.sandbox.world, acct);
    s.sandbox.knobs = { deny: [{ action: 'shield:ListProtections', account: acct }] };
    const slice = await collectIn(s, shieldCollector, acct);
    expect(slice.protections).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        account: acct,
        region: 'us-east-1',
        operation: 'shield:ListProtections',
      },
    });
    expect(slice.subscription?.ok).toBe(true);
    s.sandbox.knobs = { deny: [{ action: 'shield:GetSubscriptionState', account: acct }] };
    expect((await collectIn(s, shieldCollector, acct)).state).toMatchObject({
      ok: false,
      error: { kind: 'access-denied' },
    });
  });

  it('reports exactly the planted gaps, end to end', async () => {
    const s = await greenfield();
    const w = s.sandbox.world;
    const acct = s.workloadIds[0]!;
    plantShieldSubscription(w, acct);
    const web = plantLoadBalancer(w, acct, s.homeRegion, { name: 'web' });
    const api = plantLoadBalancer(w, acct, s.homeRegion, { name: 'api' });
    plantWebAclAssociation(w, acct, s.homeRegion, web, plantWebAcl(w, acct, s.homeRegion, { name: 'app' }));
    const cdn = plantDistribution(w, acct, { comment: 'cdn' });
    plantShieldProtection(w, acct, web, { healthCheckIds: ['hc-1'], automaticResponse: 'BLOCK' });
    plantShieldProtection(w, acct, cdn);
    const inventoryOf = await observeScenario(s, [...shieldModule.collectors, ...wafModule.collectors]);
    const findings = evaluateScenario(s, inventoryOf, SHIELD_CONTROLS);
    const others = allAccounts(s).filter((a) => a !== acct);
    expect(lines(findings, 'FAIL')).toEqual(
      [
        ...others.map((a) => `shield.advanced-subscription ${a}`),
        `shield.load-balancers-protected ${acct}`,
        `shield.srt-access ${acct}`,
        `shield.proactive-engagement ${acct}`,
        `shield.health-checks ${acct}`,
        `shield.protected-resources-have-web-acl ${acct}`,
        `shield.automatic-application-layer-mitigation ${acct}`,
        `shield.engagement-lambda ${acct}`,
        `shield.ddos-detected-alarms ${acct}`,
      ].sort(),
    );
    expect(
      findings
        .filter((f) => f.status === 'FAIL' && f.account === acct)
        .map((f) => f.resource)
        .sort(),
    ).toEqual([api, acct, acct, acct, cdn, cdn, cdn, cdn].sort());
    expect(lines(findings, 'ERROR')).toEqual([]);
  });
});

describe('the reference SRA and the drifted scenario', () => {
  it('do not use Shield Advanced: every control is not applicable', async () => {
    for (const s of [await drifted(), await greenfield()]) {
      if (!s.deployed) await deployReferenceSra(s.sandbox, s);
      const findings = evaluateScenario(
        s,
        await observeScenario(s, shieldModule.collectors),
        SHIELD_CONTROLS,
      );
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => f.status !== 'NOT_APPLICABLE')).toEqual([]);
    }
  });

  it('make the subscription control fail everywhere once the blueprint asks for Shield Advanced', async () => {
    const s = await greenfield();
    const findings = evaluateScenario(
      s,
      await observeScenario(s, shieldModule.collectors),
      SHIELD_CONTROLS.filter((c) => c.id === 'shield.advanced-subscription'),
      scenarioBlueprint(s),
    );
    expect(lines(findings, 'FAIL')).toEqual(
      allAccounts(s)
        .map((a) => `shield.advanced-subscription ${a}`)
        .sort(),
    );
  });
});

/** A blueprint for a scenario's layout that asks for Shield Advanced. */
function scenarioBlueprint(s: {
  managementAccountId: string;
  securityToolingId: string;
  logArchiveId: string;
  homeRegion: string;
  governedRegions: string[];
}) {
  const text =
    `organization:\n  managementAccount: '${s.managementAccountId}'\n  homeRegion: ${s.homeRegion}\n` +
    `  governedRegions: [${s.governedRegions.join(', ')}]\n` +
    `accounts:\n  securityTooling: '${s.securityToolingId}'\n  logArchive: '${s.logArchiveId}'\n${SHIELD_ON}`;
  const parsed = parseBlueprint(text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}
