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
} from '../../src/services/securityir/index.js';
import type { Inventory } from '../../src/observe/types.js';
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

  it('in use: PASS/FAIL from what can be read, ERROR (not-implemented) for the membership', async () => {
    const s = await drifted();
    await adopt(s);
    const missing = s.workloadIds[1]!;
    for (const a of allAccounts(s).filter((x) => x !== missing)) await createTriageRole(s, a);
    const findings = evaluateScenario(
      s,
      await observeScenario(s, [securityIncidentResponseCollector]),
      CONTROLS,
    );
    expect(lines(findings, 'FAIL')).toEqual([`security-incident-response.triage-role ${missing}`]);
    expect(lines(findings, 'ERROR')).toEqual(
      [
        'security-incident-response.all-accounts-covered',
        'security-incident-response.membership-active',
        'security-incident-response.proactive-response',
      ].map((id) => `${id} ${s.securityToolingId}`),
    );
    for (const f of findings.filter((x) => x.status === 'ERROR')) {
      expect(f.error).toMatchObject({ kind: 'not-implemented', account: s.securityToolingId });
      expect(f.error!.operation).toMatch(/^security-ir:/);
    }
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

describe.each(MEMBERSHIP.map((c) => ({ id: c.id, c })))('$id', ({ c }) => {
  it('ERROR with a not-implemented reason while the service is in use (never PASS or FAIL)', () => {
    const out = one(c, irInventory(), AUDIT);
    expect(out.status).toBe('ERROR');
    expect(out.error).toMatchObject({ kind: 'not-implemented', account: AUDIT, region: R });
    expect(out.message).toMatch(/cannot read/);
  });

  it('NOT_APPLICABLE when the service is not in use', () => {
    expect(one(c, irInventory(orgSlice({})), AUDIT).status).toBe('NOT_APPLICABLE');
  });

  it('ERROR (with the read’s reason) when the Organizations data failed', () => {
    const inv = irInventory(orgSlice({ admins: failed('organizations:ListDelegatedAdministrators', MGMT) }));
    expect(one(c, inv, AUDIT)).toMatchObject({ status: 'ERROR', error: { kind: 'access-denied' } });
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
