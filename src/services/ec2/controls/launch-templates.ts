/**
 * Launch templates: the default version of every template requires IMDSv2 (Security Hub EC2.170). The
 * account-level IMDS default does not count here: a template that says nothing inherits whatever the
 * default is at launch time, which can change, so FSBP — and this control — want it stated.
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type Outcome,
} from '../../../verify/types.js';
import { EC2 } from '../collect.js';
import { ec2Arn, ec2SliceOf } from '../common.js';

/** The default version of every launch template sets `HttpTokens=required`. */
export const launchTemplateImdsV2 = defineControl({
  id: 'ec2.launch-template-imdsv2',
  title: 'The default version of every launch template requires IMDSv2',
  severity: 'low',
  capabilities: ['infrastructure-protection'],
  principles: ['security-at-all-layers', 'automate-security-best-practices'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ec2',
  refs: { fsbp: ['EC2.170'] },
  risk:
    'Instances launched from a template that allows IMDSv1 (Auto Scaling groups, EKS node groups) expose their ' +
    'role credentials to server-side request forgery, even where the account default requires IMDSv2.',
  remediation: {
    manual:
      'Create a new template version with Metadata version "V2 only (token required)" and make it the default ' +
      '(`aws ec2 create-launch-template-version … --launch-template-data \'{"MetadataOptions":{"HttpTokens":"required"}}\'` ' +
      'then `aws ec2 modify-launch-template --default-version <n>`).',
  },
  uses: [EC2],
  evaluate(ctx) {
    const templates = ctx.need(ec2SliceOf(ctx).launchTemplates, 'launch templates');
    if (templates.length === 0) return notApplicable(`no launch template in ${ctx.region}`);
    return templates.map((t): Outcome => {
      const resource = ec2Arn(ctx.region, ctx.account.id, 'launch-template', t.id);
      const httpTokens = t.httpTokens ?? 'not set';
      return httpTokens === 'required'
        ? pass(`launch template ${t.name} requires IMDSv2`, {
            resource,
            actual: { version: t.version, httpTokens },
          })
        : fail(`launch template ${t.name} does not require IMDSv2 in its default version`, {
            resource,
            expected: { httpTokens: 'required' },
            actual: { version: t.version, httpTokens },
          });
    });
  },
});

/** The launch-template family. */
export const EC2_LAUNCH_TEMPLATE_CONTROLS: readonly Control[] = [launchTemplateImdsV2];
