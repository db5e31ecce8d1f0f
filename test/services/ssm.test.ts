/**
 * Systems Manager module: the collector against sandbox scenarios and denied reads, both controls on
 * pass, fail and error inputs, and the family over greenfield and drifted scenarios.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateDocumentCommand, ModifyDocumentPermissionCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { observe } from '../../src/observe/engine.js';
import type { AccountInfo, Collector, Datum, Inventory } from '../../src/observe/types.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  organizationsCollector,
} from '../../src/services/organizations/collect.js';
import {
  allAccounts,
  deployReferenceSra,
  drifted,
  greenfield,
  type Scenario,
} from '../../src/sandbox/scenarios/index.js';
import {
  SSM,
  noPublicDocuments,
  publicSharingBlocked,
  ssmCollector,
  ssmModule,
  type SsmDocumentInfo,
  type SsmSlice,
} from '../../src/services/ssm/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Outcome } from '../../src/verify/types.js';
import { accessFor, collectIn, evalControl } from '../verify/harness.js';

const MGMT = '111111111111';
const W = '444444444444';
const R = 'us-east-1';
const ok = <T>(value: T): Datum<T> => ({ ok: true, value });
const denied = <T>(operation: string): Datum<T> => ({
  ok: false,
  error: { kind: 'access-denied', message: `not allowed: ${operation}`, account: W, region: R, operation },
});

const content = JSON.stringify({ schemaVersion: '2.2', description: 'd', mainSteps: [] });

function run(control: Control, slice: SsmSlice): Outcome[] {
  const accounts: AccountInfo[] = [
    { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
    { id: W, name: 'workload', status: 'ACTIVE', ouPath: [] },
  ];
  const inv = emptyInventory({ managementAccountId: MGMT, homeRegion: R, governedRegions: [R], accounts });
  inv.region[W] = { [R]: { [SSM]: slice } };
  return evalControl(control, {
    inventory: inv,
    account: accounts[1]!,
    region: R,
    roles: ['workload'],
    roleAccounts: {},
  });
}

const doc = (name: string, shared: Datum<string[]>): SsmDocumentInfo => ({
  name,
  type: 'Command',
  sharedWith: shared,
});

describe('ssm collector', () => {
  it('reads the AWS default (public sharing allowed, no own documents) in a greenfield account', async () => {
    const s = await greenfield({ workloads: 1 });
    expect(await collectIn(s, ssmCollector, s.workloadIds[0]!)).toEqual({
      publicSharingPermission: ok('Enable'),
      documents: ok([]),
    });
  });

  it('reads the block after the reference deployment, and own documents with whom they are shared', async () => {
    const s = await greenfield({ workloads: 1 });
    const w = s.workloadIds[0]!;
    const ssm = s.client(SSMClient, w);
    await ssm.send(new CreateDocumentCommand({ Name: 'public-runbook', Content: content }));
    await ssm.send(new CreateDocumentCommand({ Name: 'private-runbook', Content: content }));
    await ssm.send(
      new ModifyDocumentPermissionCommand({
        Name: 'public-runbook',
        PermissionType: 'Share',
        AccountIdsToAdd: ['All'],
      }),
    );
    await deployReferenceSra(s.sandbox, s);
    const slice = await collectIn(s, ssmCollector, w);
    expect(slice.publicSharingPermission).toEqual(ok('Disable'));
    expect(slice.documents).toEqual(
      ok([
        { name: 'public-runbook', type: 'Command', sharedWith: ok(['all']) },
        { name: 'private-runbook', type: 'Command', sharedWith: ok([]) },
      ]),
    );
  });

  it('records denied reads as DataErrors: the setting, the list, and one document’s permissions', async () => {
    const s = await greenfield({ workloads: 1 });
    const w = s.workloadIds[0]!;
    await s.client(SSMClient, w).send(new CreateDocumentCommand({ Name: 'runbook', Content: content }));
    s.sandbox.knobs = {
      deny: [
        { action: 'ssm:GetServiceSetting', account: w },
        { action: 'ssm:DescribeDocumentPermission', account: w },
      ],
    };
    const slice = await collectIn(s, ssmCollector, w);
    expect(slice.publicSharingPermission).toMatchObject({
      ok: false,
      error: { operation: 'ssm:GetServiceSetting' },
    });
    expect(slice.documents).toMatchObject(
      ok([
        {
          name: 'runbook',
          sharedWith: {
            ok: false,
            error: { kind: 'access-denied', operation: 'ssm:DescribeDocumentPermission' },
          },
        },
      ]),
    );
    s.sandbox.knobs = { deny: [{ action: 'ssm:ListDocuments', account: w }] };
    expect((await collectIn(s, ssmCollector, w)).documents).toMatchObject({
      ok: false,
      error: { operation: 'ssm:ListDocuments' },
    });
  });
});

describe('ssm.documents-public-sharing-blocked', () => {
  it('PASS when Disable, FAIL when Enable, ERROR when unreadable', () => {
    expect(
      run(publicSharingBlocked, { publicSharingPermission: ok('Disable'), documents: ok([]) }),
    ).toMatchObject([{ status: 'PASS', actual: { publicSharingPermission: 'Disable' } }]);
    expect(
      run(publicSharingBlocked, { publicSharingPermission: ok('Enable'), documents: ok([]) }),
    ).toMatchObject([
      {
        status: 'FAIL',
        expected: { publicSharingPermission: 'Disable' },
        actual: { publicSharingPermission: 'Enable' },
      },
    ]);
    expect(
      run(publicSharingBlocked, {
        publicSharingPermission: denied('ssm:GetServiceSetting'),
        documents: ok([]),
      }),
    ).toMatchObject([{ status: 'ERROR', error: { operation: 'ssm:GetServiceSetting' } }]);
  });
});

describe('ssm.no-public-documents', () => {
  const base = { publicSharingPermission: ok('Disable') };

  it('PASS without documents or with private ones only', () => {
    expect(run(noPublicDocuments, { ...base, documents: ok([]) })).toMatchObject([
      { status: 'PASS', actual: { ownedDocuments: 0 } },
    ]);
    expect(
      run(noPublicDocuments, { ...base, documents: ok([doc('a', ok(['222222222222'])), doc('b', ok([]))]) }),
    ).toMatchObject([{ status: 'PASS', actual: { ownedDocuments: 2, public: 0 } }]);
  });

  it('FAIL for each public document, naming it', () => {
    const out = run(noPublicDocuments, {
      ...base,
      documents: ok([doc('a', ok(['all', '222222222222'])), doc('b', ok([])), doc('c', ok(['all']))]),
    });
    expect(out.map((o) => [o.status, o.resource])).toEqual([
      ['FAIL', `arn:aws:ssm:${R}:${W}:document/a`],
      ['FAIL', `arn:aws:ssm:${R}:${W}:document/c`],
    ]);
    expect(out[0]).toMatchObject({ actual: { sharedWith: ['all', '222222222222'] } });
  });

  it('ERROR for the list, and per document whose sharing could not be read (the others still judged)', () => {
    expect(run(noPublicDocuments, { ...base, documents: denied('ssm:ListDocuments') })).toMatchObject([
      { status: 'ERROR', error: { operation: 'ssm:ListDocuments' } },
    ]);
    const out = run(noPublicDocuments, {
      ...base,
      documents: ok([doc('a', denied('ssm:DescribeDocumentPermission')), doc('b', ok(['all']))]),
    });
    expect(out.map((o) => o.status)).toEqual(['ERROR', 'FAIL']);
    expect(out[0]).toMatchObject({ error: { operation: 'ssm:DescribeDocumentPermission' } });
  });
});

// ---------------------------------------------------------------------------------------------------------

async function observeWith(s: Scenario, collectors: readonly Collector[]): Promise<Inventory> {
  return observe({
    access: accessFor(s),
    collectors: [organizationsCollector, ...collectors],
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accountsFrom: accountsFromOrganization,
    organizationIdFrom,
    now: () => 0,
  });
}

function roles(s: Scenario) {
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = { management: [s.managementAccountId] };
  return {
    rolesOf: (a: string): AccountRoleId[] => [a === s.managementAccountId ? 'management' : 'workload'],
    roleAccounts,
  };
}

describe('ssm family over scenarios', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await drifted({ workloads: 2 });
  });

  it('passes every account and Region of the drifted scenario', async () => {
    const findings = evaluateControls(
      await observeWith(s, ssmModule.collectors),
      ssmModule.controls,
      roles(s),
    );
    expect(findings).toHaveLength(allAccounts(s).length * s.governedRegions.length * 2);
    expect(findings.filter((f) => f.status !== 'PASS')).toEqual([]);
  });

  it('fails the sharing block everywhere in a greenfield organization, and nothing else', async () => {
    const g = await greenfield({ workloads: 1 });
    const findings = evaluateControls(
      await observeWith(g, ssmModule.collectors),
      ssmModule.controls,
      roles(g),
    );
    const failing = findings.filter((f) => f.status === 'FAIL');
    expect(new Set(failing.map((f) => f.controlId))).toEqual(
      new Set(['ssm.documents-public-sharing-blocked']),
    );
    expect(failing).toHaveLength(allAccounts(g).length * g.governedRegions.length);
  });
});
