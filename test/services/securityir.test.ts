/**
 * The Security Incident Response stand-in client (against the sandbox and over real HTTP), the simulated
 * service, the collector's membership reads and SRA-SECURITYINCIDENTRESPONSE-02 to -04 on sandbox data.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { AwsCallError } from '../../src/aws/errors.js';
import { callName } from '../../src/aws/access.js';
import {
  BatchGetMemberAccountDetailsCommand,
  GetMembershipCommand,
  ListMembershipsCommand,
  ResourceNotFoundException,
  SecurityIRClient,
  SecurityIRServiceException,
  ThrottlingException,
  ValidationException,
  resolveSecurityIREndpoint,
} from '../../src/aws/clients/security-ir/index.js';
import { organizationsService } from '../../src/sandbox/services/organizations.js';
import { seedSecurityIrMembership, securityIrService } from '../../src/sandbox/services/security-ir.js';
import { stsService } from '../../src/sandbox/services/sts.js';
import {
  allAccounts,
  drifted,
  generated,
  greenfield,
  scenarioAccess,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  SECURITY_INCIDENT_RESPONSE,
  SECURITY_IR_PRINCIPAL,
  securityIncidentResponseCollector,
  securityIncidentResponseModule,
  type SecurityIncidentResponseSlice,
} from '../../src/services/securityir/index.js';
import type { Control, Finding } from '../../src/verify/types.js';
import { accessFor } from '../verify/harness.js';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from '../sandbox/helpers.js';
import { evaluateScenario, lines, observeScenario } from './optional-fixtures.js';

const SERVICES = [organizationsService, stsService, securityIrService];
const byId = (id: string): Control => {
  const c = securityIncidentResponseModule.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const ACTIVE = byId('security-incident-response.membership-active');
const TRIAGE = byId('security-incident-response.proactive-response');
const COVERED = byId('security-incident-response.all-accounts-covered');

/** The organization registers `admin` as the Security Incident Response administrator (sandbox API). */
async function delegate(orgs: OrganizationsClient, admin: string): Promise<void> {
  await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: SECURITY_IR_PRINCIPAL }));
  await orgs.send(
    new RegisterDelegatedAdministratorCommand({ AccountId: admin, ServicePrincipal: SECURITY_IR_PRINCIPAL }),
  );
}

/** A small organization whose security tooling account administers Security Incident Response. */
async function smallOrg() {
  const o = orgSandbox(SERVICES);
  await delegate(o.as(OrganizationsClient, MGMT), AUDIT);
  return o;
}

// ---------------------------------------------------------------------------------------------
// The simulated service, through the client
// ---------------------------------------------------------------------------------------------

describe('Security Incident Response in the sandbox', () => {
  it('lists, reads and answers coverage for a membership of the delegated administrator', async () => {
    const { sandbox, as } = await smallOrg();
    const id = seedSecurityIrMembership(sandbox.world, {
      account: AUDIT,
      region: 'us-east-1',
      triage: false,
    });
    const ir = as(SecurityIRClient, AUDIT);

    const listed = await ir.send(new ListMembershipsCommand({}));
    expect(listed.items).toEqual([
      {
        membershipId: id,
        accountId: AUDIT,
        region: 'us-east-1',
        membershipArn: `arn:aws:security-ir:us-east-1:${AUDIT}:membership/${id}`,
        membershipStatus: 'Active',
      },
    ]);
    expect(listed.nextToken).toBeUndefined();
    expect(id).toMatch(/^m-[a-z0-9]{10,32}$/);

    const got = await ir.send(new GetMembershipCommand({ membershipId: id }));
    expect(got).toMatchObject({
      membershipId: id,
      membershipStatus: 'Active',
      customerType: 'Organization',
      optInFeatures: [{ featureName: 'Triage', isEnabled: false }],
      membershipAccountsConfigurations: { coverEntireOrganization: true, organizationalUnits: [] },
      numberOfAccountsCovered: 4,
    });
    expect(got.incidentResponseTeam).toHaveLength(2);
    expect(got.membershipActivationTimestamp).toBeInstanceOf(Date);

    const coverage = await ir.send(
      new BatchGetMemberAccountDetailsCommand({ membershipId: id, accountIds: [WORKLOAD, OUTSIDER] }),
    );
    expect(coverage.items).toEqual([
      { accountId: WORKLOAD, relationshipStatus: 'Associated', relationshipType: 'Organization' },
      { accountId: OUTSIDER, relationshipStatus: 'Unassociated', relationshipType: 'Unrelated' },
    ]);
    expect([...sandbox.stats().hosts]).toContain('security-ir.us-east-1.api.aws');
  });

  it('shows a membership only to the account that owns it, and reads it only in its Region', async () => {
    const { sandbox, as } = await smallOrg();
    const id = seedSecurityIrMembership(sandbox.world, { account: AUDIT, region: 'eu-west-1' });
    // Listed from any Region, with the Region it is managed in.
    const listed = await as(SecurityIRClient, AUDIT, 'us-east-1').send(new ListMembershipsCommand({}));
    expect(listed.items?.map((m) => m.region)).toEqual(['eu-west-1']);
    expect((await as(SecurityIRClient, MGMT).send(new ListMembershipsCommand({}))).items).toEqual([]);
    for (const [account, region] of [
      [MGMT, 'eu-west-1'],
      [AUDIT, 'us-east-1'],
    ] as const) {
      const err = await as(SecurityIRClient, account, region)
        .send(new GetMembershipCommand({ membershipId: id }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(err).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    }
    const inItsRegion = await as(SecurityIRClient, AUDIT, 'eu-west-1').send(
      new GetMembershipCommand({ membershipId: id }),
    );
    expect(inItsRegion.region).toBe('eu-west-1');
  });

  it('pages ListMemberships at the documented 25 and rejects larger pages and foreign tokens', async () => {
    const { sandbox, as } = await smallOrg();
    const ids = Array.from({ length: 27 }, (_, i) =>
      seedSecurityIrMembership(sandbox.world, {
        account: AUDIT,
        region: 'us-east-1',
        status: i === 26 ? 'Active' : 'Cancelled',
      }),
    );
    const ir = as(SecurityIRClient, AUDIT);
    const first = await ir.send(new ListMembershipsCommand({}));
    expect(first.items).toHaveLength(25);
    const second = await ir.send(new ListMembershipsCommand({ nextToken: first.nextToken }));
    expect(second.nextToken).toBeUndefined();
    expect([...first.items!, ...second.items!].map((m) => m.membershipId)).toEqual(ids);

    const small = await ir.send(new ListMembershipsCommand({ maxResults: 10 }));
    expect(small.items).toHaveLength(10);
    for (const input of [{ maxResults: 26 }, { maxResults: 0 }, { nextToken: 'not-a-token' }]) {
      const err = await ir.send(new ListMembershipsCommand(input)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationException);
    }
  });

  it('validates ids and batch sizes, and answers coverage only for an active membership', async () => {
    const { sandbox, as } = await smallOrg();
    const cancelled = seedSecurityIrMembership(sandbox.world, {
      account: AUDIT,
      region: 'us-east-1',
      status: 'Cancelled',
    });
    const ir = as(SecurityIRClient, AUDIT);
    const bad = [
      new GetMembershipCommand({ membershipId: 'membership-1' }),
      new BatchGetMemberAccountDetailsCommand({ membershipId: cancelled, accountIds: [] }),
      new BatchGetMemberAccountDetailsCommand({
        membershipId: cancelled,
        accountIds: Array.from({ length: 101 }, (_, i) => String(100000000000 + i)),
      }),
      new BatchGetMemberAccountDetailsCommand({ membershipId: cancelled, accountIds: ['12345'] }),
    ];
    for (const command of bad) {
      const err = await ir.send(command as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationException);
      expect(err).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    }
    const inactive = await ir
      .send(new BatchGetMemberAccountDetailsCommand({ membershipId: cancelled, accountIds: [WORKLOAD] }))
      .catch((e: unknown) => e);
    expect(inactive).toMatchObject({ name: 'SecurityIncidentResponseNotActiveException' });
    expect(inactive).toBeInstanceOf(SecurityIRServiceException);
  });

  it('covers the configured OUs (nested included) and reports removed accounts as Disassociated', async () => {
    const { sandbox, as } = await smallOrg();
    const security = [...sandbox.world.organization!.ous.values()].find((o) => o.name === 'Security')!;
    const id = seedSecurityIrMembership(sandbox.world, {
      account: AUDIT,
      region: 'us-east-1',
      organizationalUnits: [security.id],
      disassociatedAccounts: [LOGS],
    });
    const out = await as(SecurityIRClient, AUDIT).send(
      new BatchGetMemberAccountDetailsCommand({
        membershipId: id,
        accountIds: [MGMT, AUDIT, LOGS, WORKLOAD],
      }),
    );
    expect(Object.fromEntries(out.items!.map((i) => [i.accountId, i.relationshipStatus]))).toEqual({
      [MGMT]: 'Unassociated',
      [AUDIT]: 'Associated',
      [LOGS]: 'Disassociated',
      [WORKLOAD]: 'Unassociated',
    });
    const got = await as(SecurityIRClient, AUDIT).send(new GetMembershipCommand({ membershipId: id }));
    expect(got.numberOfAccountsCovered).toBe(1);
    expect(got.membershipAccountsConfigurations).toEqual({
      coverEntireOrganization: false,
      organizationalUnits: [security.id],
    });
  });

  it('lets only the management account or the delegated administrator own a membership, one active at a time', async () => {
    const { sandbox } = await smallOrg();
    const world = sandbox.world;
    expect(() => seedSecurityIrMembership(world, { account: LOGS, region: 'us-east-1' })).toThrow(
      /neither the management account nor the delegated administrator/,
    );
    expect(() => seedSecurityIrMembership(world, { account: AUDIT, region: 'ap-east-1' })).toThrow(
      /not enabled/,
    );
    seedSecurityIrMembership(world, { account: MGMT, region: 'us-east-1' });
    expect(() => seedSecurityIrMembership(world, { account: AUDIT, region: 'us-east-1' })).toThrow(
      /already has an active membership/,
    );
    expect(() =>
      seedSecurityIrMembership(world, { account: AUDIT, region: 'us-east-1', status: 'Terminated' }),
    ).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// The client through the access layer: names, errors, endpoints
// ---------------------------------------------------------------------------------------------

describe('SecurityIRClient through the access layer', () => {
  it('is named security-ir:<Operation>, as the IAM actions are', async () => {
    const s = await greenfield();
    const client = accessFor(s).client(SecurityIRClient, {
      account: s.securityToolingId,
      region: s.homeRegion,
    });
    expect(
      callName(SecurityIRClient, client, new GetMembershipCommand({ membershipId: 'm-abcdefghij' })),
    ).toBe('security-ir:GetMembership');
    expect(callName(SecurityIRClient, client, new ListMembershipsCommand())).toBe(
      'security-ir:ListMemberships',
    );
  });

  it('classifies the service errors like any other client', async () => {
    const s = await greenfield();
    await delegate(s.client(OrganizationsClient, s.managementAccountId), s.securityToolingId);
    const id = seedSecurityIrMembership(s.sandbox.world, {
      account: s.securityToolingId,
      region: s.homeRegion,
    });
    s.sandbox.knobs = {
      deny: [{ action: 'security-ir:ListMemberships', account: s.logArchiveId }],
      faults: [{ service: 'security-ir', operation: 'BatchGetMemberAccountDetails', error: 'Throttling' }],
    };
    // One attempt: a throttled call is not retried (the retry itself is the access layer's, tested elsewhere).
    const aws = scenarioAccess(s, { maxAttempts: 1 });
    const where = { account: s.securityToolingId, region: s.homeRegion };
    const send = (account: string, command: object) =>
      aws.send(SecurityIRClient, { ...where, account }, command as never).catch((e: unknown) => e);

    expect(await send(s.logArchiveId, new ListMembershipsCommand())).toMatchObject({
      kind: 'access-denied',
      service: 'security-ir',
      operation: 'ListMemberships',
      awsErrorName: 'AccessDeniedException',
    });
    expect(
      await send(s.securityToolingId, new GetMembershipCommand({ membershipId: 'm-0000000000' })),
    ).toMatchObject({ kind: 'not-found', awsErrorName: 'ResourceNotFoundException' });
    expect(await send(s.securityToolingId, new GetMembershipCommand({ membershipId: 'x' }))).toMatchObject({
      kind: 'invalid-request',
      awsErrorName: 'ValidationException',
    });
    const throttled = await send(
      s.securityToolingId,
      new BatchGetMemberAccountDetailsCommand({ membershipId: id, accountIds: [s.workloadIds[0]!] }),
    );
    expect(throttled).toBeInstanceOf(AwsCallError);
    expect(throttled).toMatchObject({ kind: 'throttled', awsErrorName: 'ThrottlingException', attempts: 1 });
  });
});

describe('Security Incident Response endpoints', () => {
  it('resolves the dual-stack Regional endpoint of the partition, FIPS on request, or the custom one', () => {
    expect(resolveSecurityIREndpoint({ Region: 'eu-west-1' }).url.href).toBe(
      'https://security-ir.eu-west-1.api.aws/',
    );
    expect(resolveSecurityIREndpoint({ Region: 'us-east-2', UseFIPS: true }).url.host).toBe(
      'security-ir-fips.us-east-2.api.aws',
    );
    expect(resolveSecurityIREndpoint({ Region: 'cn-north-1' }).url.host).toBe(
      'security-ir.cn-north-1.api.amazonwebservices.com.cn',
    );
    expect(
      resolveSecurityIREndpoint({ Region: 'eu-west-1', Endpoint: 'http://localhost:4566' }).url.href,
    ).toBe('http://localhost:4566/');
    expect(() => resolveSecurityIREndpoint({ Endpoint: 'http://localhost:4566', UseFIPS: true })).toThrow(
      /FIPS/,
    );
    expect(() => resolveSecurityIREndpoint({})).toThrow(/Region/);
  });

  it('sends to the FIPS host when asked (sandbox)', async () => {
    const { sandbox } = await smallOrg();
    const client = new SecurityIRClient({
      region: 'us-east-1',
      credentials: sandbox.adminCredentials(AUDIT),
      useFipsEndpoint: true,
      maxAttempts: 1,
    });
    sandbox.attach(client);
    sandbox.resetStats();
    await client.send(new ListMembershipsCommand());
    expect([...sandbox.stats().hosts]).toEqual(['security-ir-fips.us-east-1.api.aws']);
  });
});

// ---------------------------------------------------------------------------------------------
// Over real HTTP: AWS_ENDPOINT_URL_SECURITY_IR and the restJson1 wire format
// ---------------------------------------------------------------------------------------------

/** What the local endpoint answers. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: object;
}

/** A request the local endpoint saw. */
interface Seen {
  method: string;
  url: string;
  authorization: string;
  contentType: string | undefined;
  body: string;
}

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SECURITY_IR',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
] as const;

describe('SecurityIRClient over HTTP', () => {
  let server: Server | undefined;
  let saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
  beforeEach(() => {
    saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const k of ENV_KEYS) delete process.env[k];
  });
  afterEach(async () => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A local endpoint answering with `answer(request)`; returns its URL and the requests it saw. */
  async function endpoint(
    answer: (req: IncomingMessage, seen: Seen) => Answer,
  ): Promise<{ url: string; seen: Seen[] }> {
    const seen: Seen[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const s: Seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: String(req.headers.authorization ?? ''),
          contentType: req.headers['content-type'],
          body,
        };
        seen.push(s);
        const a = answer(req, s);
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(JSON.stringify(a.body));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const client = (extra: object = {}) =>
    new SecurityIRClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIALOCALTEST0000000', secretAccessKey: 'local-secret' },
      maxAttempts: 1,
      ...extra,
    });

  it('honours AWS_ENDPOINT_URL_SECURITY_IR over AWS_ENDPOINT_URL, and sends signed restJson1 requests', async () => {
    const local = await endpoint((_req, s) => {
      if (s.url === '/v1/memberships') {
        return {
          status: 200,
          body: {
            items: [{ membershipId: 'm-abcdefghij', region: 'eu-west-1', membershipStatus: 'Active' }],
            nextToken: 'page-2',
          },
        };
      }
      if (s.url.endsWith('/batch-member-details')) {
        return {
          status: 200,
          body: { items: [], errors: [{ accountId: '111111111111', error: 'E', message: 'm' }] },
        };
      }
      return {
        status: 200,
        body: {
          membershipId: 'm-abcdefghij',
          membershipActivationTimestamp: 1767225600,
          optInFeatures: [{ featureName: 'Triage', isEnabled: true }],
        },
      };
    });
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_ENDPOINT_URL_SECURITY_IR = local.url;
    const ir = client();

    const listed = await ir.send(new ListMembershipsCommand({ maxResults: 5 }));
    expect(listed).toMatchObject({ nextToken: 'page-2', items: [{ membershipId: 'm-abcdefghij' }] });
    const got = await ir.send(new GetMembershipCommand({ membershipId: 'm-abcdefghij' }));
    expect(got.membershipActivationTimestamp).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(got.optInFeatures).toEqual([{ featureName: 'Triage', isEnabled: true }]);
    const batch = await ir.send(
      new BatchGetMemberAccountDetailsCommand({ membershipId: 'm-abcdefghij', accountIds: ['111111111111'] }),
    );
    expect(batch.errors).toEqual([{ accountId: '111111111111', error: 'E', message: 'm' }]);

    expect(local.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/v1/memberships', '{"maxResults":5}'],
      ['GET', '/v1/membership/m-abcdefghij', ''],
      ['POST', '/v1/membership/m-abcdefghij/batch-member-details', '{"accountIds":["111111111111"]}'],
    ]);
    expect(local.seen[0]!.contentType).toBe('application/json');
    for (const s of local.seen) {
      expect(s.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIALOCALTEST0000000\/\d{8}\/eu-west-1\/security-ir\//,
      );
    }
    ir.destroy();
  });

  it('lets a configured endpoint win over the environment', async () => {
    const local = await endpoint(() => ({ status: 200, body: { items: [] } }));
    process.env.AWS_ENDPOINT_URL_SECURITY_IR = 'http://127.0.0.1:9';
    const ir = client({ endpoint: local.url });
    expect((await ir.send(new ListMembershipsCommand())).items).toEqual([]);
    expect(local.seen).toHaveLength(1);
    ir.destroy();
  });

  it('turns error answers into the modeled exception classes, fields and metadata included', async () => {
    const local = await endpoint((_req, s): Answer =>
      s.url.includes('m-missing')
        ? {
            status: 404,
            headers: {
              'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/coral/',
              'x-amzn-requestid': 'req-404',
            },
            body: { message: 'Membership not found', resourceId: 'm-missingxxxx' },
          }
        : {
            status: 429,
            headers: { 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '3' },
            body: { message: 'Rate exceeded', quotaCode: 'Q1' },
          },
    );
    const ir = client({ endpoint: local.url });
    const missing = await ir
      .send(new GetMembershipCommand({ membershipId: 'm-missingxxxx' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Membership not found',
      resourceId: 'm-missingxxxx',
      $fault: 'client',
      $metadata: { httpStatusCode: 404, requestId: 'req-404' },
    });
    const throttled = await ir.send(new ListMembershipsCommand()).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled).toMatchObject({
      quotaCode: 'Q1',
      retryAfterSeconds: 3,
      $retryable: { throttling: true },
    });
    ir.destroy();
  });
});

// ---------------------------------------------------------------------------------------------
// The collector
// ---------------------------------------------------------------------------------------------

/** Security Incident Response in use in scenario `s`, administered by `admin` (security tooling by default). */
async function adopt(s: Scenario, admin = s.securityToolingId): Promise<void> {
  await delegate(s.client(OrganizationsClient, s.managementAccountId), admin);
}

const sliceOf = (inv: Awaited<ReturnType<typeof observeScenario>>, account: string) =>
  inv.account[account]?.[SECURITY_INCIDENT_RESPONSE] as SecurityIncidentResponseSlice;

describe('security-incident-response collector: memberships', () => {
  it('reads the membership only in the delegated administrator, and nothing where there is none', async () => {
    const s = await greenfield();
    let inv = await observeScenario(s, [securityIncidentResponseCollector]);
    expect(s.sandbox.stats().byOperation.get('security-ir:ListMemberships')).toBeUndefined();
    expect(sliceOf(inv, s.securityToolingId)).toEqual({
      triageRole: { ok: true, value: null },
      administrator: false,
    });

    await adopt(s);
    const id = seedSecurityIrMembership(s.sandbox.world, {
      account: s.securityToolingId,
      region: s.homeRegion,
    });
    s.sandbox.resetStats();
    inv = await observeScenario(s, [securityIncidentResponseCollector]);
    const stats = s.sandbox.stats();
    for (const op of ['ListMemberships', 'GetMembership', 'BatchGetMemberAccountDetails']) {
      expect([...stats.byKey.keys()].filter((k) => k.endsWith(`security-ir:${op}`))).toEqual([
        `${s.securityToolingId}|${s.homeRegion}|security-ir:${op}`,
      ]);
    }
    expect(sliceOf(inv, s.workloadIds[0]!).memberships).toBeUndefined();
    const admin = sliceOf(inv, s.securityToolingId);
    expect(admin.administrator).toBe(true);
    expect(admin.memberships).toEqual({
      ok: true,
      value: [
        {
          id,
          region: s.homeRegion,
          status: 'Active',
          arn: `arn:aws:security-ir:${s.homeRegion}:${s.securityToolingId}:membership/${id}`,
          details: {
            ok: true,
            value: {
              status: 'Active',
              customerType: 'Organization',
              triageEnabled: true,
              teamSize: 2,
              coverEntireOrganization: true,
              organizationalUnits: [],
              numberOfAccountsCovered: allAccounts(s).length,
            },
          },
          coverage: {
            ok: true,
            value: {
              statuses: Object.fromEntries(allAccounts(s).map((a) => [a, 'Associated'])),
              errors: {},
              asked: expect.arrayContaining(allAccounts(s)) as unknown as string[],
            },
          },
        },
      ],
    });
  });

  it('reads a membership in the Region it is managed in, and coverage only of active memberships', async () => {
    const s = await greenfield({ regions: ['us-east-1', 'eu-west-1'] });
    await adopt(s);
    seedSecurityIrMembership(s.sandbox.world, {
      account: s.securityToolingId,
      region: 'eu-west-1',
      status: 'Cancelled',
    });
    const inv = await observeScenario(s, [securityIncidentResponseCollector]);
    const [m] = (sliceOf(inv, s.securityToolingId).memberships as { ok: true; value: [object] }).value as [
      { region: string; details: { ok: boolean }; coverage?: unknown },
    ];
    expect(m.region).toBe('eu-west-1');
    expect(m.details.ok).toBe(true);
    expect(m.coverage).toBeUndefined();
    expect(s.sandbox.stats().byKey.get(`${s.securityToolingId}|eu-west-1|security-ir:GetMembership`)).toBe(1);
    expect(s.sandbox.stats().byOperation.get('security-ir:BatchGetMemberAccountDetails')).toBeUndefined();
  });

  it('asks about at most 100 accounts per BatchGetMemberAccountDetails call', async () => {
    const s = await generated({ workloads: 150, regions: ['us-east-1'] });
    await adopt(s);
    seedSecurityIrMembership(s.sandbox.world, { account: s.securityToolingId, region: s.homeRegion });
    const inv = await observeScenario(s, [securityIncidentResponseCollector]);
    expect(s.sandbox.stats().byOperation.get('security-ir:BatchGetMemberAccountDetails')).toBe(2);
    const [m] = (sliceOf(inv, s.securityToolingId).memberships as { ok: true; value: [object] }).value as [
      { coverage: { ok: true; value: { statuses: Record<string, string> } } },
    ];
    expect(Object.keys(m.coverage.value.statuses)).toHaveLength(allAccounts(s).length);
  });

  it('records failed membership reads as DataErrors', async () => {
    const s = await greenfield();
    await adopt(s);
    seedSecurityIrMembership(s.sandbox.world, { account: s.securityToolingId, region: s.homeRegion });
    s.sandbox.knobs = { deny: [{ action: 'security-ir:ListMemberships' }] };
    const inv = await observeScenario(s, [securityIncidentResponseCollector]);
    expect(sliceOf(inv, s.securityToolingId).memberships).toMatchObject({
      ok: false,
      error: {
        kind: 'access-denied',
        operation: 'security-ir:ListMemberships',
        account: s.securityToolingId,
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// SRA-SECURITYINCIDENTRESPONSE-02 to -04 on sandbox data
// ---------------------------------------------------------------------------------------------

async function findings(s: Scenario, controls: Control[] = [ACTIVE, TRIAGE, COVERED]): Promise<Finding[]> {
  return evaluateScenario(s, await observeScenario(s, [securityIncidentResponseCollector]), controls);
}

const statusOf = (fs: Finding[], c: Control) => fs.filter((f) => f.controlId === c.id).map((f) => f.status);

describe('security-incident-response membership controls on sandbox scenarios', () => {
  it('NOT_APPLICABLE while the service is not in use', async () => {
    const fs = await findings(await drifted());
    for (const c of [ACTIVE, TRIAGE, COVERED]) expect(statusOf(fs, c)).toEqual(['NOT_APPLICABLE']);
  });

  it('PASS with an active, triaging membership covering every account', async () => {
    const s = await greenfield();
    await adopt(s);
    const id = seedSecurityIrMembership(s.sandbox.world, {
      account: s.securityToolingId,
      region: s.homeRegion,
    });
    const fs = await findings(s);
    expect(statusOf(fs, ACTIVE)).toEqual(['PASS']);
    expect(statusOf(fs, TRIAGE)).toEqual(['PASS']);
    expect(fs.find((f) => f.controlId === ACTIVE.id)).toMatchObject({
      account: s.securityToolingId,
      resource: `arn:aws:security-ir:${s.homeRegion}:${s.securityToolingId}:membership/${id}`,
      expected: 'Active',
      actual: 'Active',
    });
    const covered = fs.filter((f) => f.controlId === COVERED.id);
    expect(covered.map((f) => f.resource).sort()).toEqual(allAccounts(s).sort());
    expect(new Set(covered.map((f) => f.status))).toEqual(new Set(['PASS']));
  });

  it('FAIL without a membership, and without a delegated administrator', async () => {
    const s = await greenfield();
    await adopt(s);
    let fs = await findings(s);
    for (const c of [ACTIVE, TRIAGE, COVERED]) expect(statusOf(fs, c)).toEqual(['FAIL']);
    expect(fs[0]).toMatchObject({ expected: 'an Active membership', actual: 'none' });

    const t = await greenfield();
    await t
      .client(OrganizationsClient, t.managementAccountId)
      .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: SECURITY_IR_PRINCIPAL }));
    fs = await findings(t);
    for (const c of [ACTIVE, TRIAGE, COVERED]) expect(statusOf(fs, c)).toEqual(['FAIL']);
    expect(fs[0]!.actual).toBe('no delegated administrator');
  });

  it('FAIL on a cancelled membership, on triage turned off, and for each account left out', async () => {
    const s = await greenfield();
    await adopt(s);
    seedSecurityIrMembership(s.sandbox.world, {
      account: s.securityToolingId,
      region: s.homeRegion,
      status: 'Cancelled',
    });
    let fs = await findings(s);
    for (const c of [ACTIVE, TRIAGE, COVERED]) expect(statusOf(fs, c)).toEqual(['FAIL']);
    expect(fs.find((f) => f.controlId === ACTIVE.id)!.actual).toEqual([
      expect.stringMatching(/: Cancelled$/),
    ]);

    const t = await greenfield();
    await adopt(t);
    const security = [...t.sandbox.world.organization!.ous.values()].find((o) => o.name === 'Security')!;
    seedSecurityIrMembership(t.sandbox.world, {
      account: t.securityToolingId,
      region: t.homeRegion,
      triage: false,
      organizationalUnits: [security.id],
      disassociatedAccounts: [t.logArchiveId],
    });
    fs = await findings(t);
    expect(statusOf(fs, ACTIVE)).toEqual(['PASS']);
    expect(fs.find((f) => f.controlId === TRIAGE.id)).toMatchObject({
      status: 'FAIL',
      expected: { Triage: true },
      actual: { Triage: false },
    });
    const covered = fs.filter((f) => f.controlId === COVERED.id);
    expect(covered.filter((f) => f.status === 'PASS').map((f) => f.resource)).toEqual([t.securityToolingId]);
    expect(covered.find((f) => f.resource === t.logArchiveId)).toMatchObject({
      status: 'FAIL',
      actual: 'Disassociated',
    });
    expect(covered.find((f) => f.resource === t.workloadIds[0])).toMatchObject({
      status: 'FAIL',
      actual: 'Unassociated',
    });
  });

  it('ERROR only for the control whose read failed', async () => {
    const s = await greenfield();
    await adopt(s);
    seedSecurityIrMembership(s.sandbox.world, { account: s.securityToolingId, region: s.homeRegion });
    s.sandbox.knobs = {
      deny: [{ action: 'security-ir:GetMembership' }, { action: 'security-ir:BatchGetMemberAccountDetails' }],
    };
    const fs = await findings(s);
    expect(statusOf(fs, ACTIVE)).toEqual(['PASS']);
    expect(lines(fs, 'ERROR')).toEqual([
      `${COVERED.id} ${s.securityToolingId}`,
      `${TRIAGE.id} ${s.securityToolingId}`,
    ]);
    for (const f of fs.filter((x) => x.status === 'ERROR')) {
      expect(f.error).toMatchObject({ kind: 'access-denied', account: s.securityToolingId });
    }
  });
});
