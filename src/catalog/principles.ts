/**
 * The seven Well-Architected security design principles, written for an AWS Organization: what
 * each one asks for in practice and what "done" looks like in checkable terms.
 */
import { PRINCIPLE_IDS, type CapabilityId, type PrincipleId } from './ids.js';

/** One Well-Architected security design principle, as sra-kit understands it. */
export interface Principle {
  /** Stable id, e.g. `enable-traceability`. */
  readonly id: PrincipleId;
  /** Human name, e.g. `Enable traceability`. */
  readonly name: string;
  /** What the principle asks for, in one sentence. */
  readonly summary: string;
  /** What the principle means day to day in an AWS Organization (3–5 points). */
  readonly inPractice: readonly string[];
  /** Checkable statements about an organization that follows the principle (3–6 points). */
  readonly doneLooksLike: readonly string[];
  /** Capabilities that put this principle into practice (the mirror of `Capability.principles`). */
  readonly capabilities: readonly CapabilityId[];
}

type PrincipleText = Omit<Principle, 'id'>;

const TEXT: Readonly<Record<PrincipleId, PrincipleText>> = {
  'strong-identity-foundation': {
    name: 'Implement a strong identity foundation',
    summary:
      'Every action is taken by a known identity holding the least privilege it needs, duties are ' +
      'separated, and nobody keeps access forever.',
    inPractice: [
      'One identity source for people (IAM Identity Center), with permissions granted by group and ' +
        'permission set rather than per user.',
      'Duties are separated by account: security tooling, log archive and workloads are run by different teams.',
      'Credentials are short-lived everywhere: roles and sessions instead of access keys.',
      'Organization guardrails (SCPs and RCPs) bound what even an account administrator can do.',
    ],
    doneLooksLike: [
      'People sign in through IAM Identity Center; member accounts have no IAM users with console ' +
        'passwords except documented break-glass users.',
      'Member account root credentials are removed under centralized root access management.',
      'The management account is not the delegated administrator of any service.',
      'Access Analyzer reports no unintended external access in any governed Region.',
    ],
    capabilities: ['security-governance', 'identity-and-access-management'],
  },
  'enable-traceability': {
    name: 'Enable traceability',
    summary:
      'Record every change and action, keep the record central and tamper-resistant, and react to it ' +
      'automatically.',
    inPractice: [
      'An organization trail captures API activity from every account into the log archive.',
      'Config records configuration history, and service findings are exported and aggregated in one place.',
      'Log storage is encrypted and protected from change, and only automation and investigators read it.',
    ],
    doneLooksLike: [
      'The organization trail is logging, multi-Region and validated, and delivers to the log archive account.',
      'Config delivery channels in every account and governed Region deliver to the log archive.',
      'Log archive bucket policies admit only the logging service principals, scoped with aws:SourceOrgID, ' +
        'and objects are encrypted with KMS.',
      'GuardDuty, Security Hub, Inspector and Macie findings for every member are visible from the ' +
        'security tooling account.',
    ],
    capabilities: ['security-assurance', 'threat-detection', 'incident-response'],
  },
  'security-at-all-layers': {
    name: 'Apply security at all layers',
    summary:
      'Trust no single control: the organization, network edge, VPC, compute, application and code each ' +
      'get their own.',
    inPractice: [
      'Organization guardrails, network inspection, host defaults and application firewalls are deployed ' +
        'together, not as alternatives to one another.',
      'Each layer has both preventive controls (SCPs, block public access, IMDSv2) and detective controls ' +
        '(GuardDuty, Config, Security Hub).',
      'Vulnerability scanning covers instances, container images and functions alike.',
    ],
    doneLooksLike: [
      'SCPs are attached to every OU that holds member accounts.',
      'Account-level preventive defaults (S3 and EBS snapshot block public access, IMDSv2, EBS encryption) ' +
        'are on everywhere.',
      'Internet-facing endpoints have WAF web ACLs, and workload egress passes through inspection in the ' +
        'network account when one exists.',
      'Inspector scans EC2, ECR and Lambda in every member account.',
    ],
    capabilities: [
      'security-governance',
      'vulnerability-management',
      'infrastructure-protection',
      'application-security',
    ],
  },
  'automate-security-best-practices': {
    name: 'Automate security best practices',
    summary:
      'Express security as versioned code and let software apply and re-check it, so it scales with the ' +
      'organization instead of with headcount.',
    inPractice: [
      'The desired state lives in a version-controlled blueprint; changes are planned, reviewed, then applied.',
      'Services auto-enable for new accounts, so coverage never depends on someone remembering a step.',
      'Posture is re-checked continuously and drift is reported against the blueprint.',
    ],
    doneLooksLike: [
      'GuardDuty, Security Hub, Inspector, Macie and Detective (when enabled) auto-enable new member accounts.',
      'A newly created account receives the whole baseline without manual steps.',
      'Planning again right after an apply shows no changes.',
      'Security Hub central configuration policies, not per-account settings, decide which standards run.',
    ],
    capabilities: [
      'security-governance',
      'security-assurance',
      'vulnerability-management',
      'application-security',
    ],
  },
  'protect-data-in-transit-and-at-rest': {
    name: 'Protect data in transit and at rest',
    summary:
      'Classify data by sensitivity and protect it accordingly with encryption, tokenization and access control.',
    inPractice: [
      'Encryption at rest is the default (EBS, S3, logs), using KMS keys whose policies have an owner ' +
        'and get reviewed.',
      'TLS is required for data in transit, including requests to buckets.',
      'Sensitive data is discovered with Macie, so protection follows what is really stored.',
    ],
    doneLooksLike: [
      'EBS encryption by default is on in every governed Region of every account.',
      'Trail, Config and findings buckets in the log archive use SSE-KMS and deny requests made without TLS.',
      'Customer managed KMS keys rotate automatically.',
      'Macie is enabled for every member account.',
    ],
    capabilities: ['infrastructure-protection', 'data-protection'],
  },
  'keep-people-away-from-data': {
    name: 'Keep people away from data',
    summary:
      'Use tools and automation instead of direct human access to data, so errors and misuse get fewer chances.',
    inPractice: [
      'Logs in the log archive are read by services and investigation tooling, not browsed by hand.',
      'Operators use Systems Manager Session Manager and runbooks instead of SSH keys and one-off scripts.',
      'Investigations work on copies in a forensics account, with Detective, rather than in production.',
    ],
    doneLooksLike: [
      'No IAM Identity Center permission set gives people routine write access to the log archive account.',
      'S3 Block Public Access is on in every account, and no log archive bucket policy admits principals ' +
        'outside the organization.',
      'Access Analyzer finds no external access to buckets or keys that hold security data.',
    ],
    capabilities: ['identity-and-access-management', 'data-protection', 'incident-response'],
  },
  'prepare-for-security-events': {
    name: 'Prepare for security events',
    summary:
      'Have detection, access, contacts and runbooks ready before an incident happens, and rehearse them.',
    inPractice: [
      'Alerting routes high-severity findings to people who are on call.',
      'Investigation tooling and an isolated forensics account exist before they are needed.',
      'Incident roles and runbooks are exercised in simulations, and the gaps found are fixed.',
    ],
    doneLooksLike: [
      'Every account has a SECURITY alternate contact.',
      'The security tooling account has a findings alert path (EventBridge to SNS) with a confirmed subscriber.',
      'GuardDuty is on in every governed Region, and Detective or Security Incident Response is set up ' +
        'wherever the blueprint asks for it.',
    ],
    capabilities: ['threat-detection', 'incident-response'],
  },
};

/** The seven principles, in the Well-Architected order of {@link PRINCIPLE_IDS}. */
export const PRINCIPLES: readonly Principle[] = PRINCIPLE_IDS.map((id) => ({ id, ...TEXT[id] }));

const BY_ID = new Map<string, Principle>(PRINCIPLES.map((p) => [p.id, p]));

/** Whether `value` is one of the seven principle ids. */
export function isPrincipleId(value: string): value is PrincipleId {
  return BY_ID.has(value);
}

/** The principle with this id. */
export function getPrinciple(id: PrincipleId): Principle {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown principle id "${String(id)}"`);
  return found;
}
