/**
 * Semantics of the simulated Systems Manager service settings and document sharing, each pinned to the
 * AWS page that documents it.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateDocumentCommand,
  DescribeDocumentPermissionCommand,
  GetServiceSettingCommand,
  ListDocumentsCommand,
  ModifyDocumentPermissionCommand,
  ResetServiceSettingCommand,
  SSMClient,
  UpdateServiceSettingCommand,
} from '@aws-sdk/client-ssm';
import {
  PUBLIC_SHARING_SETTING,
  publicSharingPermission,
  ssmService,
} from '../../src/sandbox/services/ssm.js';
import { AUDIT, WORKLOAD, orgSandbox } from './helpers.js';

function setup() {
  const env = orgSandbox([ssmService]);
  const ssm = (account = WORKLOAD, region = 'us-east-1') => env.as(SSMClient, account, region);
  return { ...env, ssm };
}

const content = JSON.stringify({
  schemaVersion: '2.2',
  description: 'hello',
  mainSteps: [{ action: 'aws:runShellScript', name: 'hello', inputs: { runCommand: ['echo hello'] } }],
});

describe('service settings', () => {
  it('allows public sharing by default, per account and Region, until the setting is Disable', async () => {
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetServiceSetting.html
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html
    const { ssm, sandbox } = setup();
    const before = await ssm().send(new GetServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING }));
    expect(before.ServiceSetting).toMatchObject({ SettingValue: 'Enable', Status: 'Default' });
    await ssm().send(
      new UpdateServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING, SettingValue: 'Disable' }),
    );
    const after = await ssm().send(new GetServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING }));
    expect(after.ServiceSetting).toMatchObject({ SettingValue: 'Disable', Status: 'Customized' });
    expect(after.ServiceSetting?.ARN).toBe(
      `arn:aws:ssm:us-east-1:${WORKLOAD}:servicesetting/ssm/documents/console/public-sharing-permission`,
    );
    // Other Regions and accounts keep the default.
    expect(publicSharingPermission(sandbox.world, WORKLOAD, 'eu-west-1')).toBe('Enable');
    expect(publicSharingPermission(sandbox.world, AUDIT, 'us-east-1')).toBe('Enable');
    // The setting can also be named by its ARN.
    const byArn = await ssm().send(new GetServiceSettingCommand({ SettingId: after.ServiceSetting!.ARN }));
    expect(byArn.ServiceSetting?.SettingValue).toBe('Disable');
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ResetServiceSetting.html
    const reset = await ssm().send(new ResetServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING }));
    expect(reset.ServiceSetting?.SettingValue).toBe('Enable');
  });

  it('rejects unknown settings and invalid values', async () => {
    const { ssm } = setup();
    await expect(
      ssm().send(new GetServiceSettingCommand({ SettingId: '/ssm/no/such' })),
    ).rejects.toMatchObject({
      name: 'ServiceSettingNotFound',
    });
    await expect(
      ssm().send(
        new UpdateServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING, SettingValue: 'Maybe' }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('documents and their sharing', () => {
  it('lists own documents with Owner=Self, shares them publicly with "All" and reads the permission back', async () => {
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListDocuments.html
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ModifyDocumentPermission.html
    const { ssm } = setup();
    await ssm().send(
      new CreateDocumentCommand({ Name: 'hello-doc', Content: content, DocumentType: 'Command' }),
    );
    const own = await ssm().send(new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Self'] }] }));
    expect(own.DocumentIdentifiers?.map((d) => [d.Name, d.Owner])).toEqual([['hello-doc', WORKLOAD]]);
    const all = await ssm().send(new ListDocumentsCommand({}));
    expect(all.DocumentIdentifiers?.some((d) => d.Owner === 'Amazon')).toBe(true);
    await ssm().send(
      new ModifyDocumentPermissionCommand({
        Name: 'hello-doc',
        PermissionType: 'Share',
        AccountIdsToAdd: ['All', AUDIT],
      }),
    );
    const perm = await ssm().send(
      new DescribeDocumentPermissionCommand({ Name: 'hello-doc', PermissionType: 'Share' }),
    );
    expect(perm.AccountIds?.sort()).toEqual([AUDIT, 'all']);
    // Another account sees it among public documents and documents shared with it.
    const pub = await ssm(AUDIT).send(
      new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Public'] }] }),
    );
    expect(pub.DocumentIdentifiers?.map((d) => d.Name)).toEqual(['hello-doc']);
    await ssm().send(
      new ModifyDocumentPermissionCommand({
        Name: 'hello-doc',
        PermissionType: 'Share',
        AccountIdsToRemove: ['all'],
      }),
    );
    const after = await ssm().send(
      new DescribeDocumentPermissionCommand({ Name: 'hello-doc', PermissionType: 'Share' }),
    );
    expect(after.AccountIds).toEqual([AUDIT]);
  });

  it('refuses public sharing while it is blocked, and only Share permissions', async () => {
    const { ssm } = setup();
    await ssm().send(new CreateDocumentCommand({ Name: 'hello-doc', Content: content }));
    await ssm().send(
      new UpdateServiceSettingCommand({ SettingId: PUBLIC_SHARING_SETTING, SettingValue: 'Disable' }),
    );
    await expect(
      ssm().send(
        new ModifyDocumentPermissionCommand({
          Name: 'hello-doc',
          PermissionType: 'Share',
          AccountIdsToAdd: ['all'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermissionType' });
    // Private sharing still works.
    await ssm().send(
      new ModifyDocumentPermissionCommand({
        Name: 'hello-doc',
        PermissionType: 'Share',
        AccountIdsToAdd: [AUDIT],
      }),
    );
    await expect(
      ssm().send(
        new DescribeDocumentPermissionCommand({ Name: 'hello-doc', PermissionType: 'Other' as never }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPermissionType' });
    await expect(
      ssm().send(new DescribeDocumentPermissionCommand({ Name: 'no-such-doc', PermissionType: 'Share' })),
    ).rejects.toMatchObject({ name: 'InvalidDocument' });
  });

  it('publicly shares at most five documents per Region and validates names and content', async () => {
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html (five public documents)
    const { ssm } = setup();
    for (let i = 0; i < 6; i++)
      await ssm().send(new CreateDocumentCommand({ Name: `doc-${i}`, Content: content }));
    for (let i = 0; i < 5; i++) {
      await ssm().send(
        new ModifyDocumentPermissionCommand({
          Name: `doc-${i}`,
          PermissionType: 'Share',
          AccountIdsToAdd: ['all'],
        }),
      );
    }
    await expect(
      ssm().send(
        new ModifyDocumentPermissionCommand({
          Name: 'doc-5',
          PermissionType: 'Share',
          AccountIdsToAdd: ['all'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'DocumentPermissionLimit' });
    await expect(
      ssm().send(new CreateDocumentCommand({ Name: 'doc-0', Content: content })),
    ).rejects.toMatchObject({
      name: 'DocumentAlreadyExists',
    });
    await expect(
      ssm().send(new CreateDocumentCommand({ Name: 'x', Content: content })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ssm().send(new CreateDocumentCommand({ Name: 'bad-json', Content: '{' })),
    ).rejects.toMatchObject({
      name: 'InvalidDocumentContent',
    });
  });

  it('pages ListDocuments at most 50 at a time', async () => {
    const { ssm } = setup();
    for (let i = 0; i < 55; i++)
      await ssm().send(new CreateDocumentCommand({ Name: `doc-${i}`, Content: content }));
    const first = await ssm().send(
      new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Self'] }] }),
    );
    expect(first.DocumentIdentifiers).toHaveLength(50);
    const second = await ssm().send(
      new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Self'] }], NextToken: first.NextToken }),
    );
    expect(second.DocumentIdentifiers).toHaveLength(5);
    await expect(ssm().send(new ListDocumentsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
