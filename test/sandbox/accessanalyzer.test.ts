import { describe, expect, it } from 'vitest';
import {
  AccessAnalyzerClient,
  ConflictException,
  CreateAnalyzerCommand,
  CreateArchiveRuleCommand,
  DeleteAnalyzerCommand,
  GetAnalyzerCommand,
  ListAnalyzersCommand,
  ListArchiveRulesCommand,
  ListFindingsCommand,
  ListFindingsV2Command,
  type Type,
} from '@aws-sdk/client-accessanalyzer';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import {
  ACCESS_ANALYZER_PRINCIPAL,
  accessAnalyzerService,
  addAccessAnalyzerFinding,
} from '../../src/sandbox/services/accessanalyzer.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';

/** Organization with trusted access on and AUDIT registered as delegated admin, as Organizations would leave it. */
function setup(knobs: SandboxKnobs = {}, opts: { trusted?: boolean; admin?: string } = {}) {
  const env = orgSandbox([accessAnalyzerService], knobs);
  const org = env.sandbox.world.organization!;
  const now = env.clock.now();
  if (opts.trusted !== false) org.trustedAccess.set(ACCESS_ANALYZER_PRINCIPAL, now);
  if (opts.admin !== '')
    org.delegatedAdmins.set(ACCESS_ANALYZER_PRINCIPAL, new Map([[opts.admin ?? AUDIT, now]]));
  const aa = (account: string, region = 'us-east-1') => env.as(AccessAnalyzerClient, account, region);
  return { ...env, org, aa };
}

describe('IAM Access Analyzer sandbox', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html
  it('lets the delegated administrator create an organization analyzer and reads it back', async () => {
    const { aa } = setup();
    const { arn } = await aa(AUDIT).send(
      new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }),
    );
    expect(arn).toBe(`arn:aws:access-analyzer:us-east-1:${AUDIT}:analyzer/org`);
    const { analyzer } = await aa(AUDIT).send(new GetAnalyzerCommand({ analyzerName: 'org' }));
    expect(analyzer).toMatchObject({ name: 'org', type: 'ORGANIZATION', status: 'ACTIVE' });
    // Analyzers are regional: none in another Region.
    const other = await aa(AUDIT, 'eu-west-1').send(new ListAnalyzersCommand({}));
    expect(other.analyzers).toEqual([]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html (management account may too)
  it('lets the management account create an organization analyzer', async () => {
    const { aa } = setup();
    await expect(
      aa(MGMT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })),
    ).resolves.toHaveProperty('arn');
  });

  // LZA issue #922 shows the 403 "is not a delegated administrator" answer.
  it('refuses organization analyzers to members that are not the delegated administrator', async () => {
    const { aa } = setup();
    await expect(
      aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    await expect(
      aa(OUTSIDER).send(
        new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION_UNUSED_ACCESS' }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  // Without trusted access AWS answers "Service not enabled for AWS Organizations" (ValidationException).
  it('requires trusted access for organization analyzers', async () => {
    const { aa } = setup({}, { trusted: false });
    await expect(
      aa(MGMT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Service not enabled for AWS Organizations',
    });
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html (ConflictException)
  it('rejects a duplicate analyzer name with ConflictException', async () => {
    const { aa } = setup();
    await aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'acct', type: 'ACCOUNT' }));
    await expect(
      aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'acct', type: 'ACCOUNT_UNUSED_ACCESS' })),
    ).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    await expect(
      aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'acct', type: 'ACCOUNT' })),
    ).rejects.toBeInstanceOf(ConflictException);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html
  it('enforces one account analyzer per type and five organization analyzers per type', async () => {
    const { aa } = setup();
    await aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'a1', type: 'ACCOUNT' }));
    await expect(
      aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'a2', type: 'ACCOUNT' })),
    ).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
    // A different type is a different quota.
    await aa(WORKLOAD).send(new CreateAnalyzerCommand({ analyzerName: 'u1', type: 'ACCOUNT_UNUSED_ACCESS' }));
    for (let i = 0; i < 5; i++) {
      await aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: `org${i}`, type: 'ORGANIZATION' }));
    }
    await expect(
      aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'org5', type: 'ORGANIZATION' })),
    ).rejects.toMatchObject({ name: 'ServiceQuotaExceededException', $metadata: { httpStatusCode: 402 } });
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html (internal: one per organization)
  it('allows one organization internal access analyzer per organization and Region', async () => {
    const { aa } = setup();
    await aa(AUDIT).send(
      new CreateAnalyzerCommand({ analyzerName: 'int', type: 'ORGANIZATION_INTERNAL_ACCESS' }),
    );
    await expect(
      aa(MGMT).send(new CreateAnalyzerCommand({ analyzerName: 'int', type: 'ORGANIZATION_INTERNAL_ACCESS' })),
    ).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
    await expect(
      aa(MGMT, 'eu-west-1').send(
        new CreateAnalyzerCommand({ analyzerName: 'int', type: 'ORGANIZATION_INTERNAL_ACCESS' }),
      ),
    ).resolves.toHaveProperty('arn');
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_UnusedAccessConfiguration.html
  it('validates unusedAccessAge and defaults it for unused access analyzers', async () => {
    const { aa } = setup();
    await expect(
      aa(AUDIT).send(
        new CreateAnalyzerCommand({
          analyzerName: 'u',
          type: 'ORGANIZATION_UNUSED_ACCESS',
          configuration: { unusedAccess: { unusedAccessAge: 400 } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      aa(AUDIT).send(
        new CreateAnalyzerCommand({
          analyzerName: 'x',
          type: 'ORGANIZATION',
          configuration: { unusedAccess: { unusedAccessAge: 30 } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await aa(AUDIT).send(
      new CreateAnalyzerCommand({ analyzerName: 'u', type: 'ORGANIZATION_UNUSED_ACCESS' }),
    );
    const { analyzer } = await aa(AUDIT).send(new GetAnalyzerCommand({ analyzerName: 'u' }));
    expect(analyzer?.configuration).toEqual({ unusedAccess: { unusedAccessAge: 90 } });
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html
  it('filters ListAnalyzers by type and paginates', async () => {
    const { aa } = setup();
    await aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    await aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'acct', type: 'ACCOUNT' }));
    await aa(AUDIT).send(
      new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ORGANIZATION_UNUSED_ACCESS' }),
    );
    const orgOnly = await aa(AUDIT).send(new ListAnalyzersCommand({ type: 'ORGANIZATION' }));
    expect(orgOnly.analyzers?.map((a) => a.name)).toEqual(['org']);
    const first = await aa(AUDIT).send(new ListAnalyzersCommand({ maxResults: 2 }));
    expect(first.analyzers).toHaveLength(2);
    const second = await aa(AUDIT).send(
      new ListAnalyzersCommand({ maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.analyzers).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    await expect(aa(AUDIT).send(new ListAnalyzersCommand({ type: 'BOGUS' as Type }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_GetAnalyzer.html (ResourceNotFoundException)
  it('deletes analyzers and reports unknown ones as ResourceNotFoundException', async () => {
    const { aa } = setup();
    await aa(LOGS).send(new CreateAnalyzerCommand({ analyzerName: 'acct', type: 'ACCOUNT' }));
    await aa(LOGS).send(new DeleteAnalyzerCommand({ analyzerName: 'acct' }));
    await expect(aa(LOGS).send(new GetAnalyzerCommand({ analyzerName: 'acct' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(aa(LOGS).send(new DeleteAnalyzerCommand({ analyzerName: 'acct' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_StatusReason.html
  it('reports an organization analyzer DISABLED once its owner is deregistered or trusted access is off', async () => {
    const { aa, org } = setup();
    await aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    org.delegatedAdmins.get(ACCESS_ANALYZER_PRINCIPAL)!.delete(AUDIT);
    const deregistered = await aa(AUDIT).send(new GetAnalyzerCommand({ analyzerName: 'org' }));
    expect(deregistered.analyzer).toMatchObject({
      status: 'DISABLED',
      statusReason: { code: 'DELEGATED_ADMINISTRATOR_DEREGISTERED' },
    });
    await aa(MGMT).send(new CreateAnalyzerCommand({ analyzerName: 'mgmt-org', type: 'ORGANIZATION' }));
    org.trustedAccess.delete(ACCESS_ANALYZER_PRINCIPAL);
    const noAccess = await aa(MGMT).send(new GetAnalyzerCommand({ analyzerName: 'mgmt-org' }));
    expect(noAccess.analyzer).toMatchObject({
      status: 'DISABLED',
      statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' },
    });
  });

  // Propagation knobs documented in the service file header.
  it('honours the access-analyzer:admin and access-analyzer:analyzer propagation delays', async () => {
    const { aa, clock } = setup({
      propagationDelayMs: { 'access-analyzer:admin': 60_000, 'access-analyzer:analyzer': 30_000 },
    });
    await expect(
      aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    clock.advance(60_000);
    await aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    const creating = await aa(AUDIT).send(new GetAnalyzerCommand({ analyzerName: 'org' }));
    expect(creating.analyzer?.status).toBe('CREATING');
    clock.advance(30_000);
    const active = await aa(AUDIT).send(new GetAnalyzerCommand({ analyzerName: 'org' }));
    expect(active.analyzer?.status).toBe('ACTIVE');
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateArchiveRule.html
  it('manages archive rules, rejecting duplicates', async () => {
    const { aa } = setup();
    await aa(AUDIT).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    const rule = { analyzerName: 'org', ruleName: 'trusted', filter: { isPublic: { eq: ['false'] } } };
    await aa(AUDIT).send(new CreateArchiveRuleCommand(rule));
    await expect(aa(AUDIT).send(new CreateArchiveRuleCommand(rule))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    const { archiveRules } = await aa(AUDIT).send(new ListArchiveRulesCommand({ analyzerName: 'org' }));
    expect(archiveRules?.map((r) => r.ruleName)).toEqual(['trusted']);
  });

  // https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListFindings.html
  it('lists seeded findings, filters by status, and keeps ListFindings to external access analyzers', async () => {
    const { aa, sandbox, clock } = setup();
    const { arn } = await aa(AUDIT).send(
      new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }),
    );
    const at = clock.now();
    const base = {
      resourceType: 'AWS::S3::Bucket' as const,
      resourceOwnerAccount: LOGS,
      createdAt: at,
      updatedAt: at,
    };
    addAccessAnalyzerFinding(sandbox.world, AUDIT, 'us-east-1', 'org', {
      ...base,
      id: 'f1',
      status: 'ACTIVE',
    });
    addAccessAnalyzerFinding(sandbox.world, AUDIT, 'us-east-1', 'org', {
      ...base,
      id: 'f2',
      status: 'ARCHIVED',
    });
    const active = await aa(AUDIT).send(
      new ListFindingsCommand({ analyzerArn: arn, filter: { status: { eq: ['ACTIVE'] } } }),
    );
    expect(active.findings?.map((f) => f.id)).toEqual(['f1']);
    const v2 = await aa(AUDIT).send(new ListFindingsV2Command({ analyzerArn: arn }));
    expect(v2.findings?.map((f) => f.id)).toEqual(['f1', 'f2']);
    const unused = await aa(AUDIT).send(
      new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ORGANIZATION_UNUSED_ACCESS' }),
    );
    await expect(aa(AUDIT).send(new ListFindingsCommand({ analyzerArn: unused.arn }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    // Another account cannot read this analyzer's findings.
    await expect(aa(WORKLOAD).send(new ListFindingsV2Command({ analyzerArn: arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
