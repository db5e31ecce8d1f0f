/**
 * The EC2 and EBS account settings of the SRA baseline, per account and governed Region: EBS encryption
 * by default, EBS snapshot and AMI block public access, IMDSv2 as the instance default, serial console
 * off, and VPC block public access where the organization uses it.
 *
 * A blueprint that turns a default setting off (`dataProtection.ebsEncryptionByDefault: false`, …) makes
 * its control NOT_APPLICABLE: the blueprint is the organization's accepted deviation from the SRA.
 * - https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 * - https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html (EC2.172)
 */
import { defineControl, fail, notApplicable, pass, type Control } from '../../../verify/types.js';
import { EC2 } from '../collect.js';
import { ec2SliceOf, inUseAnywhere } from '../common.js';

/** New EBS volumes and snapshot copies are encrypted by default. */
export const ebsEncryptionByDefault = defineControl({
  id: 'ec2.ebs-encryption-by-default',
  title: 'EBS encryption by default is enabled in every account and governed Region',
  severity: 'medium',
  capabilities: ['data-protection'],
  principles: ['protect-data-in-transit-and-at-rest'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { sraVerify: ['SRA-EC2-01'], fsbp: ['EC2.7'], cis: ['2.2.1'] },
  risk:
    'Volumes created without an explicit encryption flag are stored unencrypted; a snapshot of one shared or ' +
    'copied by mistake exposes its data in clear.',
  remediation: {
    blueprint: 'dataProtection.ebsEncryptionByDefault',
    manual:
      'EC2 console → Settings → Data protection and security → EBS encryption → Manage → Enable, in every ' +
      'Region; or `aws ec2 enable-ebs-encryption-by-default --region <region>`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    if (ctx.blueprint?.dataProtection.ebsEncryptionByDefault === false) {
      return notApplicable(
        'the blueprint turns EBS encryption by default off (dataProtection.ebsEncryptionByDefault)',
      );
    }
    const on = ctx.need(ec2SliceOf(ctx).ebsEncryptionByDefault, 'EBS encryption by default');
    return on
      ? pass('EBS encryption by default is enabled', { actual: { ebsEncryptionByDefault: true } })
      : fail('EBS encryption by default is disabled', {
          expected: { ebsEncryptionByDefault: true },
          actual: { ebsEncryptionByDefault: false },
        });
  },
});

/** EBS snapshots cannot be shared publicly (the SRA default blocks all sharing). */
export const ebsSnapshotBlockPublicAccess = defineControl({
  id: 'ec2.ebs-snapshot-block-public-access',
  title: 'EBS snapshot block public access blocks all public sharing',
  severity: 'medium',
  capabilities: ['data-protection', 'infrastructure-protection'],
  principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: {},
  risk:
    'A snapshot made public can be copied by any AWS account: whole disks, with their credentials and data, ' +
    'leave the organization in one API call.',
  remediation: {
    blueprint: 'infrastructureProtection.ebsSnapshotBlockPublicAccess',
    manual:
      'EC2 console → Settings → Data protection and security → Block public access for EBS snapshots → Block all ' +
      'public sharing; or `aws ec2 enable-snapshot-block-public-access --state block-all-sharing`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    if (ctx.blueprint?.infrastructureProtection.ebsSnapshotBlockPublicAccess === false) {
      return notApplicable(
        'the blueprint turns EBS snapshot block public access off (infrastructureProtection.ebsSnapshotBlockPublicAccess)',
      );
    }
    const state = ctx.need(ec2SliceOf(ctx).snapshotBlockPublicAccess, 'EBS snapshot block public access');
    if (state === 'block-all-sharing')
      return pass('public sharing of EBS snapshots is blocked', { actual: { state } });
    return fail(
      state === 'block-new-sharing'
        ? 'only new public sharing of EBS snapshots is blocked; snapshots already public stay public'
        : 'EBS snapshots can be shared publicly',
      { expected: { state: 'block-all-sharing' }, actual: { state } },
    );
  },
});

/** AMIs cannot be newly shared publicly. */
export const amiBlockPublicAccess = defineControl({
  id: 'ec2.ami-block-public-access',
  title: 'AMI block public access prevents making images public',
  severity: 'medium',
  capabilities: ['data-protection', 'infrastructure-protection'],
  principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: {},
  risk:
    'A public AMI hands its root volume — baked-in secrets, keys, internal code — to every AWS account, and ' +
    'anyone may launch it.',
  remediation: {
    manual:
      'EC2 console → Settings → Data protection and security → Block public access for AMIs → Block new public ' +
      'sharing; or `aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const state = ctx.need(ec2SliceOf(ctx).imageBlockPublicAccess, 'AMI block public access');
    return state === 'block-new-sharing'
      ? pass('public sharing of AMIs is blocked', { actual: { state } })
      : fail('AMIs can be made public', { expected: { state: 'block-new-sharing' }, actual: { state } });
  },
});

/** New instances require IMDSv2 unless their launch says otherwise. */
export const imdsV2Default = defineControl({
  id: 'ec2.imdsv2-default',
  title: 'New EC2 instances require IMDSv2 by default (account-level HttpTokens=required)',
  severity: 'medium',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.8'] },
  risk:
    'With IMDSv1 allowed, a server-side request forgery in any application on an instance can read the ' +
    'instance role’s credentials from the metadata service.',
  remediation: {
    blueprint: 'infrastructureProtection.imdsV2Default',
    manual:
      'EC2 console → Settings → Data protection and security → IMDS defaults → Metadata version: V2 only; or ' +
      '`aws ec2 modify-instance-metadata-defaults --http-tokens required --http-put-response-hop-limit 2`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    if (ctx.blueprint?.infrastructureProtection.imdsV2Default === false) {
      return notApplicable(
        'the blueprint does not ask for IMDSv2 by default (infrastructureProtection.imdsV2Default)',
      );
    }
    const d = ctx.need(ec2SliceOf(ctx).imdsDefaults, 'instance metadata defaults');
    const httpTokens = d.httpTokens ?? 'no-preference';
    return httpTokens === 'required'
      ? pass('new instances require IMDSv2 by default', { actual: { httpTokens } })
      : fail('new instances may use IMDSv1: the account default does not require tokens', {
          expected: { httpTokens: 'required' },
          actual: { httpTokens },
        });
  },
});

/** The EC2 serial console is off. */
export const serialConsoleDisabled = defineControl({
  id: 'ec2.serial-console-disabled',
  title: 'EC2 serial console access is disabled',
  severity: 'low',
  capabilities: ['infrastructure-protection'],
  principles: ['keep-people-away-from-data', 'security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: {},
  risk:
    'The serial console gives an interactive shell that bypasses security groups and network controls; ' +
    'left on, it is an out-of-band door into every instance of the Region.',
  remediation: {
    manual:
      'EC2 console → Settings → EC2 Serial Console → Manage → clear "Allow"; or `aws ec2 disable-serial-console-access`. ' +
      'Turn it on only for a break-glass session.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const on = ctx.need(ec2SliceOf(ctx).serialConsoleAccess, 'serial console access');
    return on
      ? fail('EC2 serial console access is enabled', {
          expected: { serialConsoleAccess: false },
          actual: { serialConsoleAccess: true },
        })
      : pass('EC2 serial console access is disabled', { actual: { serialConsoleAccess: false } });
  },
});

/**
 * VPC block public access blocks internet gateway traffic — optional: it breaks internet-facing
 * workloads, so it is judged only once the organization uses it somewhere.
 */
export const vpcBlockPublicAccess = defineControl({
  id: 'ec2.vpc-block-public-access',
  title: 'VPC block public access blocks internet gateway traffic (where the organization uses it)',
  severity: 'low',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.172'] },
  risk:
    'Without it, any VPC given an internet gateway and a public route is reachable from the internet, whatever ' +
    'the organization intended for the account.',
  remediation: {
    manual:
      'VPC console → Settings → Block public access → Turn on (bidirectional or ingress-only), with exclusions for ' +
      'the VPCs that must face the internet; or `aws ec2 modify-vpc-block-public-access-options ' +
      '--internet-gateway-block-mode block-ingress`.',
  },
  uses: [EC2],
  evaluate(ctx) {
    const mode = ctx.need(ec2SliceOf(ctx).vpcBlockPublicAccess, 'VPC block public access');
    if (mode !== 'off') return pass(`VPC block public access is ${mode}`, { actual: { mode } });
    const used = inUseAnywhere(
      ctx.inventory,
      'vpc-bpa',
      (s) => s.vpcBlockPublicAccess.ok && s.vpcBlockPublicAccess.value !== 'off',
    );
    if (!used) {
      return notApplicable(
        'VPC block public access is optional and not used anywhere in the organization; to adopt it, turn it on ' +
          'where no workload needs inbound internet traffic (aws ec2 modify-vpc-block-public-access-options)',
      );
    }
    return fail('VPC block public access is off here but used elsewhere in the organization', {
      expected: { mode: ['block-bidirectional', 'block-ingress'] },
      actual: { mode },
    });
  },
});

/** The account-settings family. */
export const EC2_SETTINGS_CONTROLS: readonly Control[] = [
  ebsEncryptionByDefault,
  ebsSnapshotBlockPublicAccess,
  amiBlockPublicAccess,
  imdsV2Default,
  serialConsoleDisabled,
  vpcBlockPublicAccess,
];
