/**
 * Semantics of the simulated AWS Account Management, each pinned to the AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  AccountClient,
  ConflictException,
  DeleteAlternateContactCommand,
  DisableRegionCommand,
  EnableRegionCommand,
  GetAlternateContactCommand,
  GetContactInformationCommand,
  GetRegionOptStatusCommand,
  ListRegionsCommand,
  PutAlternateContactCommand,
  ResourceNotFoundException,
  ValidationException,
  type PutAlternateContactCommandInput,
} from '@aws-sdk/client-account';
import { EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { accountService, setAlternateContact } from '../../src/sandbox/services/account.js';
import { ec2Service } from '../../src/sandbox/services/ec2.js';
import { AUDIT, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import { REGIONS } from '../../src/catalog/regions.js';

const CONTACT: Omit<PutAlternateContactCommandInput, 'AlternateContactType'> = {
  Name: 'Security team',
  Title: 'CISO',
  EmailAddress: 'security@example.com',
  PhoneNumber: '+1-555-0100',
};

function setup(knobs: Parameters<typeof orgSandbox>[1] = {}) {
  const env = orgSandbox([accountService, ec2Service], knobs);
  const acct = (account = MGMT) => env.as(AccountClient, account);
  const org = env.sandbox.world.organization!;
  const trust = () => org.trustedAccess.set('account.amazonaws.com', 0);
  return { ...env, acct, org, trust };
}

describe('alternate contacts', () => {
  it('is ResourceNotFoundException until set, then returns what was put', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html
    // https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html
    const { acct } = setup();
    const e = await acct(WORKLOAD)
      .send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await acct(WORKLOAD).send(
      new PutAlternateContactCommand({ ...CONTACT, AlternateContactType: 'SECURITY' }),
    );
    const got = await acct(WORKLOAD).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }),
    );
    expect(got.AlternateContact).toEqual({ ...CONTACT, AlternateContactType: 'SECURITY' });
    await expect(
      acct(WORKLOAD).send(new GetAlternateContactCommand({ AlternateContactType: 'BILLING' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('deletes a contact, and ResourceNotFoundException when there is none', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_DeleteAlternateContact.html
    const { acct, sandbox } = setup();
    setAlternateContact(sandbox.world, AUDIT, 'OPERATIONS', {
      name: 'Ops',
      title: 'Lead',
      emailAddress: 'ops@example.com',
      phoneNumber: '+1 555 0101',
    });
    await acct(AUDIT).send(new DeleteAlternateContactCommand({ AlternateContactType: 'OPERATIONS' }));
    await expect(
      acct(AUDIT).send(new DeleteAlternateContactCommand({ AlternateContactType: 'OPERATIONS' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('validates the contact fields and the type', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html
    const { acct } = setup();
    const put = (over: Partial<PutAlternateContactCommandInput>) =>
      acct().send(new PutAlternateContactCommand({ ...CONTACT, AlternateContactType: 'SECURITY', ...over }));
    await expect(put({ EmailAddress: 'not-an-email' })).rejects.toMatchObject({
      name: ValidationException.name,
      reason: 'fieldValidationFailed',
    });
    await expect(put({ PhoneNumber: 'call me' })).rejects.toBeInstanceOf(ValidationException);
    await expect(put({ Name: 'x'.repeat(65) })).rejects.toBeInstanceOf(ValidationException);
    await expect(
      put({ AlternateContactType: 'LEGAL' as PutAlternateContactCommandInput['AlternateContactType'] }),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('AccountId: managing member accounts from the organization', () => {
  it('needs trusted access for account.amazonaws.com', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html
    const { acct, trust } = setup();
    const put = () =>
      acct().send(
        new PutAlternateContactCommand({ ...CONTACT, AlternateContactType: 'SECURITY', AccountId: WORKLOAD }),
      );
    const e = await put().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AccessDeniedException);
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    trust();
    await put();
    const own = await acct(WORKLOAD).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }),
    );
    expect(own.AlternateContact?.EmailAddress).toBe(CONTACT.EmailAddress);
  });

  it("never accepts the management account's own id", async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html
    // ("The management account can't specify its own AccountId")
    const { acct, trust } = setup();
    trust();
    await expect(acct().send(new GetContactInformationCommand({ AccountId: MGMT }))).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
    const own = await acct().send(new GetContactInformationCommand({}));
    expect(own.ContactInformation?.CountryCode).toMatch(/^[A-Z]{2}$/);
  });

  it('lets only the management account or the Account Management delegated admin name other accounts', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-delegated-admin.html
    const { acct, trust, org } = setup();
    trust();
    const get = (caller: string, AccountId: string) =>
      acct(caller).send(new ListRegionsCommand({ AccountId }));
    await expect(get(AUDIT, WORKLOAD)).rejects.toBeInstanceOf(AccessDeniedException);
    org.delegatedAdmins.set('account.amazonaws.com', new Map([[AUDIT, 0]]));
    expect((await get(AUDIT, WORKLOAD)).Regions?.length).toBeGreaterThan(0);
    await expect(get(AUDIT, MGMT)).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(get(MGMT, OUTSIDER)).rejects.toBeInstanceOf(AccessDeniedException);
  });
});

describe('Regions', () => {
  it('lists every Region of the partition with its opt-in status, filtered and paged', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html
    const { acct } = setup();
    const all = await acct().send(new ListRegionsCommand({ MaxResults: 50 }));
    const commercial = REGIONS.filter((r) => r.partition === 'aws');
    expect(all.Regions).toHaveLength(commercial.length);
    const status = new Map(all.Regions!.map((r) => [r.RegionName, r.RegionOptStatus]));
    expect(status.get('us-east-1')).toBe('ENABLED_BY_DEFAULT');
    expect(status.get('af-south-1')).toBe('DISABLED');
    const disabled = await acct().send(new ListRegionsCommand({ RegionOptStatusContains: ['DISABLED'] }));
    expect(disabled.Regions?.every((r) => r.RegionOptStatus === 'DISABLED')).toBe(true);
    const page = await acct().send(new ListRegionsCommand({ MaxResults: 5 }));
    expect(page.Regions).toHaveLength(5);
    expect(page.NextToken).toBeDefined();
    await expect(acct().send(new ListRegionsCommand({ MaxResults: 51 }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  it('enables an opt-in Region after the documented transition, and only opt-in Regions', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_EnableRegion.html
    // https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
    const { acct, as, clock } = setup({ propagationDelayMs: { 'account:region-opt': 60_000 } });
    const ec2 = as(EC2Client, WORKLOAD, 'af-south-1');
    await expect(ec2.send(new GetEbsEncryptionByDefaultCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
    });
    await acct(WORKLOAD).send(new EnableRegionCommand({ RegionName: 'af-south-1' }));
    const opt = () => acct(WORKLOAD).send(new GetRegionOptStatusCommand({ RegionName: 'af-south-1' }));
    expect((await opt()).RegionOptStatus).toBe('ENABLING');
    await expect(ec2.send(new GetEbsEncryptionByDefaultCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
    });
    await expect(
      acct(WORKLOAD).send(new DisableRegionCommand({ RegionName: 'af-south-1' })),
    ).rejects.toBeInstanceOf(ConflictException);
    clock.advance(60_000);
    expect((await opt()).RegionOptStatus).toBe('ENABLED');
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
    await expect(
      acct(WORKLOAD).send(new EnableRegionCommand({ RegionName: 'us-east-1' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      reason: 'invalidRegionOptTarget',
    });
  });

  it('disables a Region at once for callers and settles its status later', async () => {
    // https://docs.aws.amazon.com/accounts/latest/reference/API_DisableRegion.html
    const { acct, as, clock, sandbox } = setup({ propagationDelayMs: { 'account:region-opt': 1000 } });
    sandbox.world.account(WORKLOAD)!.enabledRegions.add('eu-south-1');
    await acct(WORKLOAD).send(new DisableRegionCommand({ RegionName: 'eu-south-1' }));
    await expect(
      as(EC2Client, WORKLOAD, 'eu-south-1').send(new GetEbsEncryptionByDefaultCommand({})),
    ).rejects.toMatchObject({ name: 'AuthFailure' });
    const opt = () => acct(WORKLOAD).send(new GetRegionOptStatusCommand({ RegionName: 'eu-south-1' }));
    expect((await opt()).RegionOptStatus).toBe('DISABLING');
    await expect(
      acct(WORKLOAD).send(new EnableRegionCommand({ RegionName: 'eu-south-1' })),
    ).rejects.toBeInstanceOf(ConflictException);
    clock.advance(1000);
    expect((await opt()).RegionOptStatus).toBe('DISABLED');
  });
});
