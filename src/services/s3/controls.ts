/**
 * S3 controls, family "account Block Public Access": the four account-level settings, one control each
 * (as sra-verify checks them), in every account.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
import { defineControl, fail, notApplicable, pass, type Control } from '../../verify/types.js';
import { S3, s3SliceOf, type PublicAccessBlockInfo } from './collect.js';

const BLUEPRINT_BPA = 'dataProtection.s3BlockPublicAccess';

/** What each setting does, for titles and risks. */
const SETTINGS: ReadonlyArray<{
  key: keyof PublicAccessBlockInfo;
  apiName: string;
  id: string;
  sraVerify: string;
  title: string;
  risk: string;
}> = [
  {
    key: 'restrictPublicBuckets',
    apiName: 'RestrictPublicBuckets',
    id: 's3.account-restrict-public-buckets',
    sraVerify: 'SRA-S3-01',
    title: 'S3 account-level Block Public Access restricts public buckets',
    risk: 'A bucket whose policy is public stays reachable by anyone on the internet.',
  },
  {
    key: 'blockPublicAcls',
    apiName: 'BlockPublicAcls',
    id: 's3.account-block-public-acls',
    sraVerify: 'SRA-S3-02',
    title: 'S3 account-level Block Public Access blocks new public ACLs',
    risk: 'Anyone able to write an object or bucket ACL can make data public with a single call.',
  },
  {
    key: 'ignorePublicAcls',
    apiName: 'IgnorePublicAcls',
    id: 's3.account-ignore-public-acls',
    sraVerify: 'SRA-S3-03',
    title: 'S3 account-level Block Public Access ignores public ACLs',
    risk: 'Public ACLs already on buckets and objects keep granting anonymous access.',
  },
  {
    key: 'blockPublicPolicy',
    apiName: 'BlockPublicPolicy',
    id: 's3.account-block-public-policy',
    sraVerify: 'SRA-S3-04',
    title: 'S3 account-level Block Public Access blocks public bucket policies',
    risk: 'A bucket policy granting access to everyone can be attached to any bucket of the account.',
  },
];

function bpaControl(s: (typeof SETTINGS)[number]): Control {
  return defineControl({
    id: s.id,
    title: s.title,
    severity: 'medium',
    capabilities: ['data-protection', 'infrastructure-protection'],
    principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
    appliesTo: 'all',
    scope: 'account',
    service: 's3',
    refs: { sraVerify: [s.sraVerify], fsbp: ['S3.1'], cis: ['2.1.4'] },
    risk: s.risk,
    remediation: {
      blueprint: BLUEPRINT_BPA,
      manual:
        'S3 console → Block Public Access settings for this account → turn on all four settings, or ' +
        '`aws s3control put-public-access-block --account-id <id> --public-access-block-configuration ' +
        'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.',
    },
    uses: [S3],
    evaluate(ctx) {
      if (ctx.blueprint && !ctx.blueprint.dataProtection.s3BlockPublicAccess) {
        return notApplicable(
          `the blueprint turns account-level Block Public Access off (${BLUEPRINT_BPA}: false)`,
        );
      }
      const pab = ctx.need(
        s3SliceOf(ctx.inventory, ctx.account.id)?.accountPublicAccessBlock,
        'S3 account Block Public Access',
      );
      const resource = `arn:aws:s3:::account/${ctx.account.id}`;
      if (pab?.[s.key]) return pass(`${s.apiName} is on`, { resource, actual: { [s.apiName]: true } });
      return fail(pab ? `${s.apiName} is off` : 'account-level Block Public Access is not configured', {
        resource,
        expected: { [s.apiName]: true },
        actual: pab ? { [s.apiName]: false } : { publicAccessBlock: null },
      });
    },
  });
}

/** Every control of the account Block Public Access family. */
export const ACCOUNT_BPA_CONTROLS: readonly Control[] = SETTINGS.map(bpaControl);
