/**
 * Semantics of the simulated Security Hub (CSPM), called through the real SDK client. Each test names the
 * AWS page whose rule it pins.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchDisableStandardsCommand,
  BatchEnableStandardsCommand,
  BatchGetSecurityControlsCommand,
  BatchUpdateStandardsControlAssociationsCommand,
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  CreateMembersCommand,
  DeleteConfigurationPolicyCommand,
  DeleteFindingAggregatorCommand,
  DeleteMembersCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  DescribeStandardsCommand,
  DisableOrganizationAdminAccountCommand,
  DisableSecurityHubCommand,
  DisassociateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  GetAdministratorAccountCommand,
  GetConfigurationPolicyAssociationCommand,
  GetConfigurationPolicyCommand,
  ListConfigurationPoliciesCommand,
  UpdateConfigurationPolicyCommand,
  GetEnabledStandardsCommand,
  GetFindingAggregatorCommand,
  DisableImportFindingsForProductCommand,
  EnableImportFindingsForProductCommand,
  InvalidAccessException,
  ListConfigurationPolicyAssociationsCommand,
  ListEnabledProductsForImportCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  ListSecurityControlDefinitionsCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  StartConfigurationPolicyDisassociationCommand,
  UpdateFindingAggregatorCommand,
  UpdateOrganizationConfigurationCommand,
  type SecurityHubPolicy,
} from '@aws-sdk/client-securityhub';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import { SECURITYHUB_PRINCIPAL, securityhubService } from '../../src/sandbox/services/securityhub.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

const HOME = 'us-east-1';
const LINKED = 'eu-west-1';
const FSBP = (r: string) =>
  `arn:aws:securityhub:${r}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS12 = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const CIS30 = (r: string) => `arn:aws:securityhub:${r}::standards/cis-aws-foundations-benchmark/v/3.0.0`;

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([securityhubService], knobs);
  const sh = (account: string, region = HOME) => env.as(SecurityHubClient, account, region);
  return { ...env, sh };
}
type Env = ReturnType<typeof setup>;

async function enabledStandards(client: SecurityHubClient): Promise<string[]> {
  const out = await client.send(new GetEnabledStandardsCommand({}));
  return (out.StandardsSubscriptions ?? []).map((s) => s.StandardsArn ?? '').sort();
}

async function designate(env: Env, regions: string[] = [HOME]): Promise<void> {
  for (const r of regions) {
    await env.sh(MGMT, r).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
  }
}

const baseline: SecurityHubPolicy = {
  ServiceEnabled: true,
  EnabledStandardIdentifiers: [FSBP(HOME)],
  SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
};

/** Delegated admin in HOME and LINKED, aggregator in HOME linking LINKED, central configuration on. */
async function central(env: Env): Promise<SecurityHubClient> {
  await designate(env, [HOME, LINKED]);
  const admin = env.sh(AUDIT);
  await admin.send(
    new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: [LINKED] }),
  );
  await admin.send(
    new UpdateOrganizationConfigurationCommand({
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
    }),
  );
  return admin;
}

describe('Security Hub hub and standards', () => {
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html (InvalidAccessException, 401)
  it('answers InvalidAccessException while the account is not subscribed', async () => {
    const { sh } = setup();
    const err = await sh(WORKLOAD)
      .send(new DescribeHubCommand({}))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidAccessException);
    expect((err as InvalidAccessException).$metadata.httpStatusCode).toBe(401);
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html
  it('enables FSBP and CIS v1.2.0 by default and refuses a second subscription', async () => {
    const { sh } = setup();
    await sh(WORKLOAD).send(new EnableSecurityHubCommand({}));
    const hub = await sh(WORKLOAD).send(new DescribeHubCommand({}));
    expect(hub.HubArn).toBe(`arn:aws:securityhub:${HOME}:${WORKLOAD}:hub/default`);
    expect(hub.ControlFindingGenerator).toBe('SECURITY_CONTROL');
    expect(await enabledStandards(sh(WORKLOAD))).toEqual([CIS12, FSBP(HOME)].sort());
    await expect(sh(WORKLOAD).send(new EnableSecurityHubCommand({}))).rejects.toMatchObject({
      name: 'ResourceConflictException',
    });
    await sh(LOGS).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect(await enabledStandards(sh(LOGS))).toEqual([]);
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StandardsSubscription.html (PENDING → READY;
  // knob `securityhub:standards`)
  it('reports a new standard PENDING until it is ready', async () => {
    const { sh, clock } = setup({ propagationDelayMs: { 'securityhub:standards': 120_000 } });
    await sh(WORKLOAD).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    const out = await sh(WORKLOAD).send(
      new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS30(HOME) }] }),
    );
    expect(out.StandardsSubscriptions?.[0]).toMatchObject({
      StandardsSubscriptionArn: `arn:aws:securityhub:${HOME}:${WORKLOAD}:subscription/cis-aws-foundations-benchmark/v/3.0.0`,
      StandardsStatus: 'PENDING',
    });
    clock.advance(120_000);
    const later = await sh(WORKLOAD).send(new GetEnabledStandardsCommand({}));
    expect(later.StandardsSubscriptions?.[0]?.StandardsStatus).toBe('READY');
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchEnableStandards.html (InvalidInputException)
  it('rejects unknown standards, standards of another Region and oversized batches', async () => {
    const { sh } = setup();
    await sh(WORKLOAD).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    for (const StandardsArn of [
      `arn:aws:securityhub:${HOME}::standards/made-up/v/1.0.0`,
      FSBP('eu-west-1'),
    ]) {
      const call = sh(WORKLOAD).send(
        new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn }] }),
      );
      await expect(call).rejects.toMatchObject({ name: 'InvalidInputException' });
    }
    const many = Array.from({ length: 26 }, () => ({ StandardsArn: FSBP(HOME) }));
    await expect(
      sh(WORKLOAD).send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: many })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchDisableStandards.html
  it('disables a standard by subscription ARN', async () => {
    const { sh } = setup();
    await sh(WORKLOAD).send(new EnableSecurityHubCommand({}));
    const sub = `arn:aws:securityhub:${HOME}:${WORKLOAD}:subscription/cis-aws-foundations-benchmark/v/1.2.0`;
    const out = await sh(WORKLOAD).send(
      new BatchDisableStandardsCommand({ StandardsSubscriptionArns: [sub] }),
    );
    expect(out.StandardsSubscriptions?.[0]?.StandardsStatus).toBe('DELETING');
    expect(await enabledStandards(sh(WORKLOAD))).toEqual([FSBP(HOME)]);
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeStandards.html and
  // https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html (ARN formats)
  it('describes the standards with their real ARN formats', async () => {
    const { sh } = setup();
    await sh(WORKLOAD).send(new EnableSecurityHubCommand({}));
    const out = await sh(WORKLOAD).send(new DescribeStandardsCommand({}));
    const byArn = new Map(out.Standards?.map((s) => [s.StandardsArn, s]));
    expect(byArn.get(FSBP(HOME))?.EnabledByDefault).toBe(true);
    expect(byArn.get(CIS12)?.EnabledByDefault).toBe(true);
    expect(byArn.get(CIS30(HOME))?.EnabledByDefault).toBe(false);
    expect(byArn.has(`arn:aws:securityhub:${HOME}::standards/nist-800-53/v/5.0.0`)).toBe(true);
    expect(byArn.has(`arn:aws:securityhub:${HOME}::standards/pci-dss/v/3.2.1`)).toBe(true);
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateStandardsControlAssociations.html
  // and API_BatchGetSecurityControls.html (a control stays on while any enabled standard keeps it on)
  it('tracks control enablement across the enabled standards', async () => {
    const { sh } = setup();
    const c = sh(WORKLOAD);
    await c.send(new EnableSecurityHubCommand({}));
    const status = async (id: string) =>
      (await c.send(new BatchGetSecurityControlsCommand({ SecurityControlIds: [id] }))).SecurityControls?.[0]
        ?.SecurityControlStatus;
    expect(await status('IAM.4')).toBe('ENABLED');
    await c.send(
      new BatchUpdateStandardsControlAssociationsCommand({
        StandardsControlAssociationUpdates: [
          {
            StandardsArn: FSBP(HOME),
            SecurityControlId: 'IAM.4',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'global',
          },
        ],
      }),
    );
    expect(await status('IAM.4')).toBe('ENABLED');
    const out = await c.send(
      new BatchUpdateStandardsControlAssociationsCommand({
        StandardsControlAssociationUpdates: [
          {
            StandardsArn: CIS12,
            SecurityControlId: 'IAM.4',
            AssociationStatus: 'DISABLED',
            UpdatedReason: 'global',
          },
          { StandardsArn: CIS12, SecurityControlId: 'GuardDuty.1', AssociationStatus: 'DISABLED' },
        ],
      }),
    );
    expect(await status('IAM.4')).toBe('DISABLED');
    expect(out.UnprocessedAssociationUpdates?.map((u) => u.ErrorCode)).toEqual(['RESOURCE_NOT_FOUND']);
    const missing = await c.send(new BatchGetSecurityControlsCommand({ SecurityControlIds: ['Nope.1'] }));
    expect(missing.UnprocessedIds?.[0]?.ErrorCode).toBe('RESOURCE_NOT_FOUND');
    const defs = await c.send(new ListSecurityControlDefinitionsCommand({ StandardsArn: CIS12 }));
    expect(defs.SecurityControlDefinitions?.map((d) => d.SecurityControlId)).toContain('IAM.4');
    expect(defs.SecurityControlDefinitions?.map((d) => d.SecurityControlId)).not.toContain('GuardDuty.1');
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListEnabledProductsForImport.html
  it('lists the AWS integrations a new hub receives findings from', async () => {
    const { sh } = setup();
    await sh(WORKLOAD).send(new EnableSecurityHubCommand({}));
    const out = await sh(WORKLOAD).send(new ListEnabledProductsForImportCommand({}));
    expect(out.ProductSubscriptions).toContain(
      `arn:aws:securityhub:${HOME}:${WORKLOAD}:product-subscription/aws/guardduty`,
    );
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableImportFindingsForProduct.html
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableImportFindingsForProduct.html
  it('stops and restarts importing findings from a product', async () => {
    const { sh } = setup();
    const hub = sh(WORKLOAD);
    await hub.send(new EnableSecurityHubCommand({}));
    const subscription = `arn:aws:securityhub:${HOME}:${WORKLOAD}:product-subscription/aws/macie`;
    await hub.send(new DisableImportFindingsForProductCommand({ ProductSubscriptionArn: subscription }));
    const after = await hub.send(new ListEnabledProductsForImportCommand({}));
    expect(after.ProductSubscriptions).not.toContain(subscription);
    await expect(
      hub.send(new DisableImportFindingsForProductCommand({ ProductSubscriptionArn: subscription })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const product = `arn:aws:securityhub:${HOME}::product/aws/macie`;
    await expect(
      hub.send(new EnableImportFindingsForProductCommand({ ProductArn: product })),
    ).resolves.toMatchObject({ ProductSubscriptionArn: subscription });
    await expect(
      hub.send(new EnableImportFindingsForProductCommand({ ProductArn: product })),
    ).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await expect(
      hub.send(
        new EnableImportFindingsForProductCommand({
          ProductArn: `arn:aws:securityhub:${LINKED}::product/aws/macie`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });
});

describe('Security Hub delegated administrator', () => {
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableOrganizationAdminAccount.html
  it('is designated by the management account only, among active organization members', async () => {
    const env = setup();
    await expect(
      env.sh(AUDIT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT })),
    ).rejects.toMatchObject({ name: 'InvalidAccessException' });
    await expect(
      env.sh(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: OUTSIDER })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(env.sh(AUDIT).send(new ListOrganizationAdminAccountsCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html (Organizations
  // registration; Security Hub enabled for the admin in that Region)
  it('registers the admin with Organizations and enables Security Hub for it', async () => {
    const env = setup();
    await designate(env);
    expect(env.sandbox.world.delegatedAdminsFor(SECURITYHUB_PRINCIPAL)).toEqual([AUDIT]);
    const admins = await env.sh(MGMT).send(new ListOrganizationAdminAccountsCommand({}));
    expect(admins.AdminAccounts).toEqual([{ AccountId: AUDIT, Status: 'ENABLED' }]);
    expect((await env.sh(AUDIT).send(new DescribeHubCommand({}))).HubArn).toContain(AUDIT);
    await expect(env.sh(AUDIT, LINKED).send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    const cfg = await env.sh(AUDIT).send(new DescribeOrganizationConfigurationCommand({}));
    expect(cfg).toMatchObject({
      AutoEnable: false,
      AutoEnableStandards: 'DEFAULT',
      OrganizationConfiguration: { ConfigurationType: 'LOCAL', Status: 'ENABLED' },
    });
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-account-restrictions-recommendations.html
  // (the management account may be the Security Hub admin, but is not an Organizations delegated admin)
  it('lets the management account be the admin without registering it in Organizations', async () => {
    const env = setup();
    await env.sh(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: MGMT }));
    expect(env.sandbox.world.delegatedAdminsFor(SECURITYHUB_PRINCIPAL)).toEqual([]);
    expect(env.sandbox.world.hasTrustedAccess(SECURITYHUB_PRINCIPAL)).toBe(true);
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html (the same admin
  // in every Region; another account only after removing the current one everywhere)
  it('refuses a different admin until the current one is removed in every Region', async () => {
    const env = setup();
    await designate(env, [HOME, LINKED]);
    await expect(
      env.sh(MGMT, 'us-west-2').send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: LOGS })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await env.sh(MGMT).send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    expect(env.sandbox.world.delegatedAdminsFor(SECURITYHUB_PRINCIPAL)).toEqual([AUDIT]);
    await env.sh(MGMT, LINKED).send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT }));
    expect(env.sandbox.world.delegatedAdminsFor(SECURITYHUB_PRINCIPAL)).toEqual([]);
    await env.sh(MGMT, 'us-west-2').send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: LOGS }));
  });

  // Propagation knob `securityhub:admin`
  it('honours the securityhub:admin propagation delay', async () => {
    const env = setup({ propagationDelayMs: { 'securityhub:admin': 30_000 } });
    await designate(env);
    await expect(env.sh(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    env.clock.advance(30_000);
    await expect(env.sh(AUDIT).send(new DescribeOrganizationConfigurationCommand({}))).resolves.toBeDefined();
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html
  it('does not let the administrator account disable Security Hub', async () => {
    const env = setup();
    await designate(env);
    await expect(env.sh(AUDIT).send(new DisableSecurityHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateOrganizationConfiguration.html (local
  // configuration: AutoEnable covers accounts that join later)
  it('auto-enables accounts that join later under local configuration', async () => {
    const env = setup({ propagationDelayMs: { 'securityhub:auto-enable': 5_000 } });
    await designate(env);
    await env
      .sh(AUDIT)
      .send(new UpdateOrganizationConfigurationCommand({ AutoEnable: true, AutoEnableStandards: 'DEFAULT' }));
    env.clock.advance(1);
    const org = env.sandbox.world.organization!;
    env.sandbox.world.accounts.set('666666666666', {
      id: '666666666666',
      name: 'joiner',
      email: 'joiner@example.com',
      status: 'ACTIVE',
      parentId: org.rootId,
      joinedMethod: 'INVITED',
      joinedAt: env.clock.now(),
      enabledRegions: new Set([HOME]),
      assumableRoles: new Set(),
      tags: {},
    });
    expect((await env.sh(AUDIT).send(new ListMembersCommand({}))).Members).toEqual([]);
    env.clock.advance(5_000);
    const members = await env.sh(AUDIT).send(new ListMembersCommand({}));
    expect(members.Members?.map((m) => [m.AccountId, m.MemberStatus])).toEqual([['666666666666', 'Enabled']]);
    expect(await enabledStandards(env.sh('666666666666'))).toEqual([CIS12, FSBP(HOME)].sort());
    await expect(env.sh(WORKLOAD).send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
  });
});

describe('Security Hub members', () => {
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateMembers.html
  it('enables organization accounts, requires the management account to enable itself, invites others', async () => {
    const env = setup();
    await designate(env);
    const admin = env.sh(AUDIT);
    const out = await admin.send(
      new CreateMembersCommand({
        AccountDetails: [
          { AccountId: WORKLOAD },
          { AccountId: MGMT },
          { AccountId: OUTSIDER, Email: 'o@example.com' },
        ],
      }),
    );
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([MGMT]);
    expect(await enabledStandards(env.sh(WORKLOAD))).toEqual([CIS12, FSBP(HOME)].sort());
    const associated = await admin.send(new ListMembersCommand({}));
    expect(associated.Members?.map((m) => [m.AccountId, m.MemberStatus])).toEqual([[WORKLOAD, 'Enabled']]);
    const all = await admin.send(new ListMembersCommand({ OnlyAssociated: false }));
    expect(all.Members?.map((m) => [m.AccountId, m.MemberStatus]).sort()).toEqual(
      [
        [WORKLOAD, 'Enabled'],
        [OUTSIDER, 'Created'],
      ].sort(),
    );
    const who = await env.sh(WORKLOAD).send(new GetAdministratorAccountCommand({}));
    expect(who.Administrator).toMatchObject({ AccountId: AUDIT, MemberStatus: 'Enabled' });
    await env.sh(MGMT).send(new EnableSecurityHubCommand({}));
    const again = await admin.send(new CreateMembersCommand({ AccountDetails: [{ AccountId: MGMT }] }));
    expect(again.UnprocessedAccounts).toEqual([]);
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DeleteMembers.html and
  // https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-accounts-orgs.html (organization
  // accounts are disassociated, never deleted; they cannot disable Security Hub themselves)
  it('disassociates organization members and only deletes invited ones', async () => {
    const env = setup();
    await designate(env);
    const admin = env.sh(AUDIT);
    await admin.send(
      new CreateMembersCommand({ AccountDetails: [{ AccountId: WORKLOAD }, { AccountId: OUTSIDER }] }),
    );
    await expect(env.sh(WORKLOAD).send(new DisableSecurityHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    const del = await admin.send(new DeleteMembersCommand({ AccountIds: [WORKLOAD, OUTSIDER] }));
    expect(del.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([WORKLOAD]);
    await admin.send(new DisassociateMembersCommand({ AccountIds: [WORKLOAD] }));
    const all = await admin.send(new ListMembersCommand({ OnlyAssociated: false }));
    expect(all.Members?.map((m) => [m.AccountId, m.MemberStatus])).toEqual([[WORKLOAD, 'Removed']]);
    await expect(admin.send(new DisassociateMembersCommand({ AccountIds: [LOGS] }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    // The former member keeps Security Hub and may now turn it off.
    await env.sh(WORKLOAD).send(new DisableSecurityHubCommand({}));
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_ListMembers.html (MaxResults 1–50)
  it('pages members by at most 50', async () => {
    const env = setup();
    await designate(env);
    await expect(env.sh(AUDIT).send(new ListMembersCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });
});

describe('Security Hub finding aggregator', () => {
  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateFindingAggregator.html
  it('creates one aggregator per account, validates the linking mode, and is listed from any Region', async () => {
    const env = setup();
    const c = env.sh(AUDIT);
    await c.send(new EnableSecurityHubCommand({}));
    await expect(
      c.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'NO_REGIONS', Regions: [LINKED] })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(
      c.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS' })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    const agg = await c.send(
      new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: [LINKED] }),
    );
    expect(agg.FindingAggregatorArn).toMatch(
      new RegExp(`^arn:aws:securityhub:${HOME}:${AUDIT}:finding-aggregator/`),
    );
    expect(agg.FindingAggregationRegion).toBe(HOME);
    await expect(
      c.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await env.sh(AUDIT, LINKED).send(new EnableSecurityHubCommand({}));
    const listed = await env.sh(AUDIT, LINKED).send(new ListFindingAggregatorsCommand({}));
    expect(listed.FindingAggregators).toEqual([{ FindingAggregatorArn: agg.FindingAggregatorArn }]);
    await expect(
      env.sh(AUDIT, LINKED).send(
        new UpdateFindingAggregatorCommand({
          FindingAggregatorArn: agg.FindingAggregatorArn,
          RegionLinkingMode: 'ALL_REGIONS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await c.send(
      new UpdateFindingAggregatorCommand({
        FindingAggregatorArn: agg.FindingAggregatorArn,
        RegionLinkingMode: 'ALL_REGIONS',
      }),
    );
    const got = await c.send(
      new GetFindingAggregatorCommand({ FindingAggregatorArn: agg.FindingAggregatorArn }),
    );
    expect(got.RegionLinkingMode).toBe('ALL_REGIONS');
  });
});

describe('Security Hub central configuration', () => {
  // https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html (home Region)
  it('needs a finding aggregator and must be turned on from the home Region', async () => {
    const env = setup();
    await designate(env, [HOME, LINKED]);
    const admin = env.sh(AUDIT);
    const turnOn = new UpdateOrganizationConfigurationCommand({
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
    });
    await expect(admin.send(turnOn)).rejects.toMatchObject({ name: 'InvalidInputException' });
    await admin.send(
      new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: [LINKED] }),
    );
    await expect(env.sh(AUDIT, LINKED).send(turnOn)).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(
      admin.send(
        new UpdateOrganizationConfigurationCommand({
          AutoEnable: true,
          OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await admin.send(turnOn);
    for (const r of [HOME, LINKED]) {
      const cfg = await env.sh(AUDIT, r).send(new DescribeOrganizationConfigurationCommand({}));
      expect(cfg).toMatchObject({
        AutoEnable: false,
        AutoEnableStandards: 'NONE',
        OrganizationConfiguration: { ConfigurationType: 'CENTRAL', Status: 'ENABLED' },
      });
    }
  });

  // Propagation knob `securityhub:central-configuration`; configuration policies need it ENABLED.
  it('reports PENDING before ENABLED and refuses policies meanwhile', async () => {
    const env = setup({ propagationDelayMs: { 'securityhub:central-configuration': 60_000 } });
    const admin = await central(env);
    const cfg = await admin.send(new DescribeOrganizationConfigurationCommand({}));
    expect(cfg.OrganizationConfiguration?.Status).toBe('PENDING');
    const create = new CreateConfigurationPolicyCommand({
      Name: 'sra-baseline',
      ConfigurationPolicy: { SecurityHub: baseline },
    });
    await expect(admin.send(create)).rejects.toMatchObject({ name: 'InvalidInputException' });
    env.clock.advance(60_000);
    await expect(admin.send(create)).resolves.toMatchObject({ Name: 'sra-baseline' });
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html (the management
  // account cannot be the delegated administrator for central configuration)
  it('fails when the management account is the Security Hub administrator', async () => {
    const env = setup();
    const mgmt = env.sh(MGMT);
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: MGMT }));
    await mgmt.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'NO_REGIONS' }));
    await mgmt.send(
      new UpdateOrganizationConfigurationCommand({
        AutoEnable: false,
        OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
      }),
    );
    const cfg = await mgmt.send(new DescribeOrganizationConfigurationCommand({}));
    expect(cfg.OrganizationConfiguration).toMatchObject({ ConfigurationType: 'CENTRAL', Status: 'FAILED' });
    expect(cfg.OrganizationConfiguration?.StatusMessage).toMatch(/management account/);
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateConfigurationPolicy.html and
  // https://docs.aws.amazon.com/securityhub/latest/userguide/aggregation-central-configuration.html (policies
  // apply in the home Region and linked Regions only; knob `securityhub:policy-association`)
  it('applies a root policy to every account in the home and linked Regions once the association succeeds', async () => {
    const env = setup({ propagationDelayMs: { 'securityhub:policy-association': 10_000 } });
    const admin = await central(env);
    const policy = await admin.send(
      new CreateConfigurationPolicyCommand({
        Name: 'sra-baseline',
        ConfigurationPolicy: { SecurityHub: baseline },
      }),
    );
    await expect(
      admin.send(
        new CreateConfigurationPolicyCommand({
          Name: 'sra-baseline',
          ConfigurationPolicy: { SecurityHub: baseline },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceConflictException' });
    const rootId = env.sandbox.world.organization!.rootId;
    const assoc = await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: policy.Arn,
        Target: { RootId: rootId },
      }),
    );
    expect(assoc).toMatchObject({
      TargetType: 'ROOT',
      AssociationType: 'APPLIED',
      AssociationStatus: 'PENDING',
    });
    await expect(env.sh(WORKLOAD).send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    env.clock.advance(10_000);
    for (const r of [HOME, LINKED]) {
      expect(await enabledStandards(env.sh(WORKLOAD, r))).toEqual([FSBP(r)]);
      // The delegated admin's own default standards are brought in line with the policy too.
      expect(await enabledStandards(env.sh(AUDIT, r))).toEqual([FSBP(r)]);
    }
    await expect(env.sh(WORKLOAD, 'us-west-2').send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    const members = await admin.send(new ListMembersCommand({}));
    expect(members.Members?.map((m) => m.AccountId).sort()).toEqual([MGMT, LOGS, WORKLOAD].sort());
    const rows = await admin.send(
      new ListConfigurationPolicyAssociationsCommand({ Filters: { AssociationType: 'INHERITED' } }),
    );
    expect(rows.ConfigurationPolicyAssociationSummaries?.find((r) => r.TargetId === WORKLOAD)).toMatchObject({
      ConfigurationPolicyId: policy.Id,
      TargetType: 'ACCOUNT',
      AssociationStatus: 'SUCCESS',
    });
    const one = await admin.send(
      new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: WORKLOAD } }),
    );
    expect(one.AssociationType).toBe('INHERITED');
    // A governed account cannot change its own standards.
    await expect(
      env
        .sh(WORKLOAD)
        .send(
          new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS30(HOME) }] }),
        ),
    ).rejects.toMatchObject({ name: 'InvalidAccessException' });
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_SecurityControlsConfiguration.html (a disabled
  // list enables every other control) and policies that turn Security Hub off for an OU.
  it('applies control lists, and an OU policy that disables Security Hub overrides the root', async () => {
    const env = setup();
    const admin = await central(env);
    const org = env.sandbox.world.organization!;
    const on = await admin.send(
      new CreateConfigurationPolicyCommand({
        Name: 'on',
        ConfigurationPolicy: {
          SecurityHub: {
            ...baseline,
            SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: ['IAM.4'] },
          },
        },
      }),
    );
    const off = await admin.send(
      new CreateConfigurationPolicyCommand({
        Name: 'off',
        ConfigurationPolicy: { SecurityHub: { ServiceEnabled: false } },
      }),
    );
    await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: on.Id,
        Target: { RootId: org.rootId },
      }),
    );
    const controls = await env
      .sh(WORKLOAD)
      .send(new BatchGetSecurityControlsCommand({ SecurityControlIds: ['IAM.4', 'GuardDuty.1'] }));
    expect(
      Object.fromEntries(
        controls.SecurityControls?.map((c) => [c.SecurityControlId, c.SecurityControlStatus]) ?? [],
      ),
    ).toEqual({ 'IAM.4': 'DISABLED', 'GuardDuty.1': 'ENABLED' });
    const workloads = [...org.ous.values()].find((o) => o.name === 'Workloads')!;
    await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: off.Id,
        Target: { OrganizationalUnitId: workloads.id },
      }),
    );
    await expect(env.sh(WORKLOAD).send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    expect(await enabledStandards(env.sh(LOGS))).toEqual([FSBP(HOME)]);
    await expect(
      admin.send(new DeleteConfigurationPolicyCommand({ Identifier: off.Id })),
    ).rejects.toMatchObject({
      name: 'ResourceConflictException',
    });
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateConfigurationPolicy.html (delegated
  // administrator, home Region; changes reach governed accounts)
  it('updates, lists and reads policies only as the delegated admin in the home Region', async () => {
    const env = setup();
    const admin = await central(env);
    const policy = await admin.send(
      new CreateConfigurationPolicyCommand({
        Name: 'sra-baseline',
        ConfigurationPolicy: { SecurityHub: baseline },
      }),
    );
    await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: policy.Id,
        Target: { RootId: env.sandbox.world.organization!.rootId },
      }),
    );
    await admin.send(
      new UpdateConfigurationPolicyCommand({
        Identifier: policy.Arn,
        ConfigurationPolicy: {
          SecurityHub: { ...baseline, EnabledStandardIdentifiers: [FSBP(HOME), CIS30(HOME)] },
        },
      }),
    );
    expect(await enabledStandards(env.sh(WORKLOAD, LINKED))).toEqual([CIS30(LINKED), FSBP(LINKED)].sort());
    const listed = await admin.send(new ListConfigurationPoliciesCommand({}));
    expect(listed.ConfigurationPolicySummaries?.map((p) => [p.Name, p.ServiceEnabled])).toEqual([
      ['sra-baseline', true],
    ]);
    const got = await admin.send(new GetConfigurationPolicyCommand({ Identifier: policy.Id }));
    expect(got.ConfigurationPolicy?.SecurityHub?.EnabledStandardIdentifiers).toEqual([
      FSBP(HOME),
      CIS30(HOME),
    ]);
    await expect(env.sh(AUDIT, LINKED).send(new ListConfigurationPoliciesCommand({}))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await expect(env.sh(WORKLOAD).send(new ListConfigurationPoliciesCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    await expect(admin.send(new GetConfigurationPolicyCommand({ Identifier: 'nope' }))).rejects.toMatchObject(
      {
        name: 'ResourceNotFoundException',
      },
    );
  });

  // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StartConfigurationPolicyAssociation.html
  // (SELF_MANAGED_SECURITY_HUB: the target configures itself)
  it('lets a self-managed account keep its own settings under a root policy', async () => {
    const env = setup();
    const admin = await central(env);
    const policy = await admin.send(
      new CreateConfigurationPolicyCommand({
        Name: 'sra-baseline',
        ConfigurationPolicy: { SecurityHub: baseline },
      }),
    );
    await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: 'SELF_MANAGED_SECURITY_HUB',
        Target: { AccountId: WORKLOAD },
      }),
    );
    await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: policy.Id,
        Target: { RootId: env.sandbox.world.organization!.rootId },
      }),
    );
    await expect(env.sh(WORKLOAD).send(new DescribeHubCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
    await env.sh(WORKLOAD).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await env
      .sh(WORKLOAD)
      .send(
        new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS30(HOME) }] }),
      );
    const row = await admin.send(
      new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: WORKLOAD } }),
    );
    expect(row).toMatchObject({
      ConfigurationPolicyId: 'SELF_MANAGED_SECURITY_HUB',
      AssociationType: 'APPLIED',
    });
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/stop-central-configuration.html
  it('stops only after associations and policies are gone; accounts keep their settings', async () => {
    const env = setup();
    const admin = await central(env);
    const rootId = env.sandbox.world.organization!.rootId;
    const policy = await admin.send(
      new CreateConfigurationPolicyCommand({
        Name: 'sra-baseline',
        ConfigurationPolicy: { SecurityHub: baseline },
      }),
    );
    await admin.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: policy.Id,
        Target: { RootId: rootId },
      }),
    );
    const local = new UpdateOrganizationConfigurationCommand({
      AutoEnable: false,
      OrganizationConfiguration: { ConfigurationType: 'LOCAL' },
    });
    await expect(admin.send(local)).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await expect(
      env.sh(MGMT).send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: AUDIT })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await admin.send(
      new StartConfigurationPolicyDisassociationCommand({
        ConfigurationPolicyIdentifier: policy.Id,
        Target: { RootId: rootId },
      }),
    );
    await admin.send(new DeleteConfigurationPolicyCommand({ Identifier: policy.Arn }));
    await admin.send(local);
    const cfg = await admin.send(new DescribeOrganizationConfigurationCommand({}));
    expect(cfg.OrganizationConfiguration?.ConfigurationType).toBe('LOCAL');
    expect(await enabledStandards(env.sh(WORKLOAD))).toEqual([FSBP(HOME)]);
    // Self-managed again: the account may change its own standards.
    await env
      .sh(WORKLOAD)
      .send(
        new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS30(HOME) }] }),
      );
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/aggregation-central-configuration.html (removing
  // the home Region deletes policies and associations and switches to local configuration)
  it('returns to local configuration when the home Region aggregator is deleted', async () => {
    const env = setup();
    const admin = await central(env);
    await admin.send(
      new CreateConfigurationPolicyCommand({ Name: 'p', ConfigurationPolicy: { SecurityHub: baseline } }),
    );
    const [agg] = (await admin.send(new ListFindingAggregatorsCommand({}))).FindingAggregators ?? [];
    await admin.send(new DeleteFindingAggregatorCommand({ FindingAggregatorArn: agg!.FindingAggregatorArn }));
    const cfg = await admin.send(new DescribeOrganizationConfigurationCommand({}));
    expect(cfg.OrganizationConfiguration?.ConfigurationType).toBe('LOCAL');
  });

  // https://docs.aws.amazon.com/securityhub/latest/userguide/remove-admin-overview.html (removing the delegated
  // admin through Organizations stops central configuration and deletes policies)
  it('stops central configuration when Organizations deregisters the delegated admin', async () => {
    const env = setup();
    const admin = await central(env);
    await admin.send(
      new CreateConfigurationPolicyCommand({ Name: 'p', ConfigurationPolicy: { SecurityHub: baseline } }),
    );
    // Stands for organizations:DeregisterDelegatedAdministrator, which another sandbox service simulates.
    env.sandbox.world.organization!.delegatedAdmins.get(SECURITYHUB_PRINCIPAL)!.delete(AUDIT);
    const admins = await env.sh(MGMT).send(new ListOrganizationAdminAccountsCommand({}));
    expect(admins.AdminAccounts).toEqual([]);
    await expect(admin.send(new DescribeOrganizationConfigurationCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessException',
    });
  });
});
