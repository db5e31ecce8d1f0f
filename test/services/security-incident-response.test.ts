import { describe, expect, it } from 'vitest';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { allAccounts, drifted, greenfield, type Scenario } from '../../src/sandbox/scenarios/index.js';
import {
  SECURITY_INCIDENT_RESPONSE,
  SECURITY_IR_PRINCIPAL,
  TRIAGE_ROLE_NAME,
  securityIncidentResponseCollector,
  securityIncidentResponseModule,
  type SecurityIncidentResponseSlice,
  type SecurityIrMembership,
} from '../../src/services/securityir/index.js';
import type { Datum, Inventory } from '../../src/observe/types.js';
import type { Control } from '../../src/verify/types.js';
import { collectIn } from '../verify/harness.js';
import {
  AUDIT,
  LOGS,
  MGMT,
  R,
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
  orgSlice,
  run,
  setAccountSlice,
} from './optional-fixtures.js';

const CONTROLS = securityIncidentResponseModule.controls;
const byId = (id: string): Control => {
  const c = CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
};
const ADMIN = byId('security-incident-response.delegated-admin-security-tooling');
const TRIAGE = byId('security-incident-response.triage-role');
const MEMBERSHIP = [
  byId('security-incident-response.membership-active'),
  byId('security-incident-response.proactive-response'),
  byId('security-incident-response.all-accounts-covered'),
];

const TRIAGE_PATH = '/aws-service-role/triage.security-ir.amazonaws.com/';

/** The triage service-linked role as IAM would show it (the sandbox's IAM does not name it, so CreateRole). */
async function createTriageRole(s: Scenario, account: string): Promise<void> {
  await s.client(IAMClient, account).send(
    new CreateRoleCommand({
      RoleName: TRIAGE_ROLE_NAME,
      Path: TRIAGE_PATH,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'triage.security-ir.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
}

/** Security Incident Response in use: trusted access, security tooling as administrator. */
async function adopt(s: Scenario, admin = s.securityToolingId): Promise<void> {
  const orgs = s.client(OrganizationsClient, s.managementAccountId);
  await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: SECURITY_IR_PRINCIPAL }));
  await orgs.send(
    new RegisterDelegatedAdministratorCommand({ AccountId: admin, ServicePrincipal: SECURITY_IR_PRINCIPAL }),
  );
}

describe('security-incident-response collector', () => {
  it('records an absent triage role as null, not as a failed read', async () => {
    const s = await greenfield();
    expect(await collectIn(s, securityIncidentResponseCollector, s.workloadIds[0]!)).toEqual({
      triageRole: ok(null),
      administrator: null,
    });
  });

  it('reads the triage role where it exists', async () => {
    const s = await greenfield();
    await createTriageRole(s, s.workloadIds[0]!);
    expect(await collectIn(s, securityIncidentResponseCollector, s.workloadIds[0]!)).toEqual({
      triageRole: ok({
        arn: `arn:aws:iam::${s.workloadIds[0]}:role${TRIAGE_PATH}${TRIAGE_ROLE_NAME}`,
        path: TRIAGE_PATH,
      }),
      administrator: null,
    });
  });

  it('records a denied read as a DataError', async () => {
    const s = await greenfield();
    s.sandbox.knobs = { deny: [{ action: 'iam:GetRole', account: s.logArchiveId }] };
    const slice = await collectIn<SecurityIncidentResponseSlice>(
      s,
      securityIncidentResponseCollector,
      s.logArchiveId,
    );
    expect(slice.triageRole).toMatchObject({
      ok: false,
      error: { kind: 'access-denied', operation: 'iam:GetRole', account: s.logArchiveId },
    });
  });
});

describe('security-incident-response controls on sandbox scenarios', () => {
  it('are NOT_APPLICABLE everywhere on the drifted reference deployment', async () => {
    const s = await drifted();
    const inv = await observeScenario(s, [securityIncidentResponseCollector]);
    const findings = evaluateScenario(s, inv, CONTROLS);
    expect(findings).toHaveLength(1 + 3 + allAccounts(s).length);
    expect(findings.filter((f) => f.status !== 'NOT_APPLICABLE')).toEqual([]);
    expect(findings[0]!.message).toMatch(/incidentResponse\.securityIncidentResponse\.enabled/);
  });

  it('in use without a membership: FAIL for the membership and for the missing triage role', async () => {
    const s = await drifted();
    await adopt(s);
    const missing = s.workloadIds[1]!;
    for (const a of allAccounts(s).filter((x) => x !== missing)) await createTriageRole(s, a);
    const findings = evaluateScenario(
      s,
      await observeScenario(s, [securityIncidentResponseCollector]),
      CONTROLS,
    );
    expect(lines(findings, 'FAIL')).toEqual(
      [
        `security-incident-response.all-accounts-covered ${s.securityToolingId}`,
        `security-incident-response.membership-active ${s.securityToolingId}`,
        `security-incident-response.proactive-response ${s.securityToolingId}`,
        `security-incident-response.triage-role ${missing}`,
      ].sort(),
    );
    expect(lines(findings, 'ERROR')).toEqual([]);
    expect(findings.find((f) => f.controlId === ADMIN.id)?.status).toBe('PASS');
  });

  it('FAIL on the administrator when it is not the security tooling account', async () => {
    const s = await greenfield();
    await adopt(s, s.logArchiveId);
    const findings = evaluateScenario(s, await observeScenario(s, [securityIncidentResponseCollector]), [
      ADMIN,
    ]);
    expect(lines(findings, 'FAIL')).toEqual([`${ADMIN.id} ${s.managementAccountId}`]);
    expect(findings[0]).toMatchObject({ expected: s.securityToolingId, actual: [s.logArchiveId] });
  });
});

// ---------------------------------------------------------------------------------------------
// Controls on hand-built inventories
// ---------------------------------------------------------------------------------------------

const IN_USE = () => orgSlice({ admins: [[AUDIT, SECURITY_IR_PRINCIPAL]], trusted: [SECURITY_IR_PRINCIPAL] });
const ROLE_ARN = (a: string) => `arn:aws:iam::${a}:role${TRIAGE_PATH}${TRIAGE_ROLE_NAME}`;

function irInventory(org = IN_USE(), missing: string[] = []): Inventory {
  const inv = inventory(org);
  for (const a of [MGMT, AUDIT, LOGS, W1, W2]) {
    setAccountSlice(inv, a, SECURITY_INCIDENT_RESPONSE, {
      triageRole: ok(missing.includes(a) ? null : { arn: ROLE_ARN(a), path: TRIAGE_PATH }),
    } satisfies SecurityIncidentResponseSlice);
  }
  return inv;
}

describe('security-incident-response.delegated-admin-security-tooling', () => {
  it('PASS when the security tooling account administers', () => {
    expect(one(ADMIN, irInventory(), MGMT)).toMatchObject({ status: 'PASS', actual: [AUDIT] });
  });

  it('FAIL when another account administers, or none while the service is in use or asked for', () => {
    const other = irInventory(orgSlice({ admins: [[LOGS, SECURITY_IR_PRINCIPAL]] }));
    expect(one(ADMIN, other, MGMT)).toMatchObject({ status: 'FAIL', expected: AUDIT, actual: [LOGS] });
    const trustedOnly = irInventory(orgSlice({ trusted: [SECURITY_IR_PRINCIPAL] }));
    expect(one(ADMIN, trustedOnly, MGMT)).toMatchObject({ status: 'FAIL', actual: 'none' });
    const bp = blueprint('incidentResponse:\n  securityIncidentResponse:\n    enabled: true\n');
    expect(one(ADMIN, irInventory(orgSlice({})), MGMT, { blueprint: bp })).toMatchObject({ status: 'FAIL' });
  });

  it('NOT_APPLICABLE when not in use, or when no account is known as security tooling', () => {
    const out = one(ADMIN, irInventory(orgSlice({})), MGMT);
    expect(out.status).toBe('NOT_APPLICABLE');
    expect(out.message).toMatch(/incidentResponse\.securityIncidentResponse\.enabled/);
    expect(one(ADMIN, irInventory(), MGMT, { roleAccounts: {} }).message).toMatch(
      /accounts\.securityTooling/,
    );
  });

  it('ERROR when the Organizations data could not be read', () => {
    const noAdmins = irInventory(
      orgSlice({ admins: failed('organizations:ListDelegatedAdministrators', MGMT) }),
    );
    expect(one(ADMIN, noAdmins, MGMT)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'organizations:ListDelegatedAdministrators' },
    });
    const noTrusted = irInventory(
      orgSlice({ trusted: failed('organizations:ListAWSServiceAccessForOrganization', MGMT) }),
    );
    expect(one(ADMIN, noTrusted, MGMT)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'organizations:ListAWSServiceAccessForOrganization' },
    });
  });
});

const ALL = [MGMT, AUDIT, LOGS, W1, W2];
const MEMBERSHIP_ID = 'm-abcdefghij';

/** The administrator's membership as the collector records it: active, triaging, covering every account. */
function membership(over: Partial<SecurityIrMembership> = {}): SecurityIrMembership {
  return {
    id: MEMBERSHIP_ID,
    region: R,
    status: 'Active',
    arn: `arn:aws:security-ir:${R}:${AUDIT}:membership/${MEMBERSHIP_ID}`,
    details: ok({ status: 'Active', triageEnabled: true, teamSize: 2, coverEntireOrganization: true }),
    coverage: ok({ statuses: Object.fromEntries(ALL.map((a) => [a, 'Associated'])), errors: {}, asked: ALL }),
    ...over,
  };
}

/** The hand-built inventory with the security tooling account's memberships. */
function withMemberships(memberships: Datum<SecurityIrMembership[]>): Inventory {
  const inv = irInventory();
  setAccountSlice(inv, AUDIT, SECURITY_INCIDENT_RESPONSE, {
    triageRole: ok({ arn: ROLE_ARN(AUDIT), path: TRIAGE_PATH }),
    administrator: true,
    memberships,
  } satisfies SecurityIncidentResponseSlice);
  return inv;
}

describe.each(MEMBERSHIP.map((c) => ({ id: c.id, c })))('$id', ({ c }) => {
  it('PASS with an active membership that triages and covers every account', () => {
    const out = run(c, withMemberships(ok([membership()])), AUDIT);
    expect(out.length).toBeGreaterThan(0);
    expect(out.filter((o) => o.status !== 'PASS')).toEqual([]);
  });

  it('FAIL without an active membership', () => {
    for (const ms of [[], [membership({ status: 'Cancelled', coverage: undefined })]]) {
      expect(run(c, withMemberships(ok(ms)), AUDIT)).toMatchObject([
        { status: 'FAIL', expected: 'an Active membership' },
      ]);
    }
  });

  it('ERROR (with the read’s reason) when the memberships could not be read', () => {
    expect(one(c, withMemberships(failed('security-ir:ListMemberships', AUDIT)), AUDIT)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'security-ir:ListMemberships' },
    });
  });

  it('NOT_APPLICABLE when the service is not in use', () => {
    expect(one(c, irInventory(orgSlice({})), AUDIT).status).toBe('NOT_APPLICABLE');
  });

  it('ERROR (with the read’s reason) when the Organizations data failed', () => {
    const inv = irInventory(orgSlice({ admins: failed('organizations:ListDelegatedAdministrators', MGMT) }));
    expect(one(c, inv, AUDIT)).toMatchObject({ status: 'ERROR', error: { kind: 'access-denied' } });
  });
});

describe('security-incident-response membership details', () => {
  const [, TRIAGE_ON, COVERED] = MEMBERSHIP;

  it('proactive-response: FAIL when Triage is off, ERROR when the membership could not be read', () => {
    const off = membership({ details: ok({ status: 'Active', triageEnabled: false, teamSize: 2 }) });
    expect(one(TRIAGE_ON!, withMemberships(ok([off])), AUDIT)).toMatchObject({
      status: 'FAIL',
      expected: { Triage: true },
      actual: { Triage: false },
    });
    const unread = membership({ details: failed('security-ir:GetMembership', AUDIT) });
    expect(one(TRIAGE_ON!, withMemberships(ok([unread])), AUDIT)).toMatchObject({
      status: 'ERROR',
      error: { operation: 'security-ir:GetMembership' },
    });
  });

  it('all-accounts-covered: one outcome per account, ERROR for an account the service did not answer for', () => {
    const partial = membership({
      coverage: ok({
        statuses: { [MGMT]: 'Associated', [AUDIT]: 'Associated', [LOGS]: 'Associated', [W1]: 'Unassociated' },
        errors: { [W2]: 'InternalError: try again' },
        asked: ALL,
      }),
    });
    const out = run(COVERED!, withMemberships(ok([partial])), AUDIT);
    expect(out.map((o) => [o.resource, o.status])).toEqual([
      [MGMT, 'PASS'],
      [AUDIT, 'PASS'],
      [LOGS, 'PASS'],
      [W1, 'FAIL'],
      [W2, 'ERROR'],
    ]);
    expect(out[4]!.error).toMatchObject({
      operation: 'security-ir:BatchGetMemberAccountDetails',
      account: AUDIT,
    });
    expect(out[4]!.message).toMatch(/try again/);
    const unread = membership({ coverage: failed('security-ir:BatchGetMemberAccountDetails', AUDIT) });
    expect(one(COVERED!, withMemberships(ok([unread])), AUDIT)).toMatchObject({ status: 'ERROR' });
  });
});

describe('security-incident-response.triage-role', () => {
  it('PASS where the role exists', () => {
    expect(one(TRIAGE, irInventory(), W1)).toMatchObject({ status: 'PASS', resource: ROLE_ARN(W1) });
  });

  it('FAIL where it is missing while the service is in use', () => {
    const out = one(TRIAGE, irInventory(IN_USE(), [W2]), W2);
    expect(out).toMatchObject({ status: 'FAIL', expected: TRIAGE_ROLE_NAME, actual: 'none' });
  });

  it('NOT_APPLICABLE when the service is not in use, even without the role', () => {
    expect(one(TRIAGE, irInventory(orgSlice({}), [W2]), W2).status).toBe('NOT_APPLICABLE');
  });

  it('ERROR when the role could not be read', () => {
    const inv = irInventory();
    setAccountSlice(inv, W1, SECURITY_INCIDENT_RESPONSE, { triageRole: failed('iam:GetRole', W1) });
    expect(one(TRIAGE, inv, W1)).toMatchObject({ status: 'ERROR', error: { operation: 'iam:GetRole' } });
  });
});
