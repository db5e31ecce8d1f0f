/**
 * The nine AWS CAF security capabilities, written for an AWS Organization: what each one means in
 * practice and what "done" looks like in terms a person (or `sra verify`) can check.
 */
import { CAPABILITY_IDS, CAPABILITY_SECTION, type CapabilityId, type PrincipleId } from './ids.js';

/** One AWS CAF security capability, as sra-kit understands it. */
export interface Capability {
  /** Stable id, e.g. `threat-detection`. */
  readonly id: CapabilityId;
  /** Human name, e.g. `Threat detection`. */
  readonly name: string;
  /** What the capability is for, in one sentence. */
  readonly summary: string;
  /** What the capability means day to day in an AWS Organization (3–5 points). */
  readonly inPractice: readonly string[];
  /** Checkable statements about an organization where the capability is in place (3–6 points). */
  readonly doneLooksLike: readonly string[];
  /** Well-Architected design principles this capability puts into practice. */
  readonly principles: readonly PrincipleId[];
  /** The blueprint section (top-level key of `sra.yaml`) that configures it. */
  readonly blueprintSection: string;
}

type CapabilityText = Omit<Capability, 'id' | 'blueprintSection'>;

const TEXT: Readonly<Record<CapabilityId, CapabilityText>> = {
  'security-governance': {
    name: 'Security governance',
    summary:
      'Decide who is responsible for security, write the rules down, and enforce them from the top of ' +
      'the organization so that no single account can opt out.',
    inPractice: [
      'AWS Organizations runs with all features and groups accounts into OUs by purpose (Security, ' +
        'Infrastructure, Workloads), so policy is attached to an OU rather than account by account.',
      'Service control policies and resource control policies set the outer limits: member accounts ' +
        'cannot leave the organization, switch off security services or work in Regions that are not governed.',
      'Every account names security, billing and operations contacts, so AWS can reach the people who own it.',
      'Trusted access and delegated administration are granted on purpose, service by service, from the ' +
        'management account.',
    ],
    doneLooksLike: [
      'The organization reports the ALL feature set, and the SCP and RCP policy types are enabled on the root.',
      'A policy that denies organizations:LeaveOrganization and tampering with the security services is ' +
        'attached to the root or to every OU that holds member accounts.',
      'Every active account has SECURITY, BILLING and OPERATIONS alternate contacts.',
      'Each security service is administered by the account the blueprint names, and never by the ' +
        'management account.',
      'The management account runs no workloads and has no IAM users with access keys.',
    ],
    principles: ['strong-identity-foundation', 'security-at-all-layers', 'automate-security-best-practices'],
  },
  'security-assurance': {
    name: 'Security assurance',
    summary:
      'Keep proving, continuously and with evidence, that the controls you chose are still in place and ' +
      'still working.',
    inPractice: [
      'AWS Config records resource configuration in every account and governed Region, and an organization ' +
        'aggregator in the security tooling account sees all of it.',
      'Security Hub runs the AWS Foundational Security Best Practices standard everywhere through central ' +
        'configuration, with findings aggregated into the home Region.',
      'Optional standards (CIS, PCI DSS, NIST SP 800-53) and conformance packs map the same evidence onto ' +
        'the audits the business has to pass.',
      'Where Audit Manager is used, assessment evidence is collected by its delegated administrator ' +
        'rather than gathered by hand.',
    ],
    doneLooksLike: [
      'A Config recorder is recording and delivering in every governed Region of every account, with IAM ' +
        'and other global resource types recorded in the home Region only.',
      'The security tooling account owns an organization Config aggregator covering every account and Region.',
      'Security Hub is centrally configured from the security tooling account with FSBP enabled, and a ' +
        'finding aggregator in the home Region links every governed Region.',
      'No member account or governed Region is missing from the aggregated Security Hub control results.',
    ],
    principles: ['enable-traceability', 'automate-security-best-practices'],
  },
  'identity-and-access-management': {
    name: 'Identity and access management',
    summary:
      'Give people and workloads exactly the access they need, through a few central identities and ' +
      'short-lived credentials.',
    inPractice: [
      'People sign in through IAM Identity Center and receive permission sets; IAM users with long-lived ' +
        'keys are rare, named exceptions.',
      'Member accounts have no root credentials under centralized root access management; the few tasks ' +
        'that need root run as short privileged sessions started from the management account.',
      'IAM Access Analyzer flags resource policies that let principals outside the organization in, and ' +
        'optionally access that is granted but never used.',
      'Automation reaches member accounts by assuming one well-known role, never with stored access keys.',
    ],
    doneLooksLike: [
      'IAM Identity Center is enabled for the organization and administered from the shared services account.',
      'Centralized root access management is on, and member accounts have no root password, access keys ' +
        'or MFA devices.',
      'An organization external-access analyzer exists in every governed Region of the security tooling account.',
      'Every account password policy requires at least 14 characters, all character classes, 24 remembered ' +
        'passwords and a maximum age of 90 days.',
      'No IAM user in any account has an active access key older than 90 days.',
    ],
    principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  },
  'threat-detection': {
    name: 'Threat detection',
    summary:
      'Spot misconfiguration, malicious activity and unexpected behaviour quickly, in every account and ' +
      'Region, and see it from one place.',
    inPractice: [
      'GuardDuty watches every account and Region with its protection plans on, enabled for new and ' +
        'existing members by the security tooling account.',
      'An organization CloudTrail trail records API activity from every account and Region into the log ' +
        'archive, encrypted and with integrity validation.',
      'Findings reach Security Hub and are exported to the log archive, so their history outlives the ' +
        "services' own retention.",
      'Where Security Lake is adopted, logs and findings are normalized to OCSF for long-term analysis.',
    ],
    doneLooksLike: [
      'GuardDuty is enabled in every governed Region of every account, administered from the security ' +
        'tooling account, with AutoEnableOrganizationMembers set to ALL.',
      'S3 protection, EKS audit logs, EBS malware protection, RDS login events, Lambda network logs and ' +
        'Runtime Monitoring are on for the whole organization.',
      'GuardDuty publishes findings every 15 minutes to a KMS-encrypted bucket in the log archive account.',
      'A multi-Region organization trail with global service events and log file validation delivers to ' +
        'the log archive account.',
    ],
    principles: ['enable-traceability', 'prepare-for-security-events'],
  },
  'vulnerability-management': {
    name: 'Vulnerability management',
    summary:
      'Find software flaws and exposures continuously, rank them by risk, and get them fixed before ' +
      'someone uses them.',
    inPractice: [
      'Amazon Inspector scans EC2 instances, ECR container images, Lambda functions and Lambda code across ' +
        'the organization, and enrolls new accounts by itself.',
      'Systems Manager keeps instances managed so that inventory and patching can reach them.',
      'Vulnerability findings land in Security Hub next to posture findings, so one queue tracks both.',
    ],
    doneLooksLike: [
      'Inspector is administered from the security tooling account in every governed Region and ' +
        'auto-enables EC2, ECR, Lambda and Lambda code scanning for members.',
      'Every member account reports Inspector scanning enabled for those resource types in every governed Region.',
      'Inspector findings appear in the aggregated Security Hub view of the home Region.',
    ],
    principles: ['security-at-all-layers', 'automate-security-best-practices'],
  },
  'infrastructure-protection': {
    name: 'Infrastructure protection',
    summary:
      'Layer preventive controls over networks and compute so that one mistake does not expose a workload.',
    inPractice: [
      'The network account centralizes ingress, egress and inspection with Transit Gateway, AWS Network ' +
        'Firewall and Route 53 Resolver DNS Firewall.',
      'Firewall Manager, administered from the security tooling account, rolls WAF, Shield Advanced, ' +
        'security group and firewall policies out to every account.',
      'Account-level defaults close common gaps: IMDSv2 for new instances, and no public sharing of EBS ' +
        'snapshots or SSM documents.',
    ],
    doneLooksLike: [
      'The EC2 instance metadata defaults require IMDSv2 in every governed Region of every account.',
      'Block public access for EBS snapshots is on in every governed Region of every account.',
      'When Firewall Manager is used, its administrator (set in us-east-1) is the security tooling account.',
      'When a network account exists, its VPCs have DNS Firewall rule groups and Network Firewall ' +
        'policies associated, and query logs go to the log archive.',
    ],
    principles: ['security-at-all-layers', 'protect-data-in-transit-and-at-rest'],
  },
  'data-protection': {
    name: 'Data protection',
    summary:
      'Know where sensitive data lives, keep it encrypted and private, and control every path by which ' +
      'it can be read.',
    inPractice: [
      'S3 Block Public Access is on at account level everywhere, and log buckets refuse access from ' +
        'outside the organization.',
      'New EBS volumes are encrypted by default, and KMS keys have owners, rotation and narrow key policies.',
      'Macie looks for sensitive data in S3 across the organization and exports its findings to the log archive.',
    ],
    doneLooksLike: [
      'All four S3 Block Public Access settings are on at account level in every account.',
      'EBS encryption by default is enabled in every governed Region of every account.',
      'Macie is enabled for every member, administered from the security tooling account, with findings ' +
        'exported to a KMS-encrypted bucket in the log archive.',
      'Customer managed KMS keys rotate automatically, and no key policy admits principals outside the ' +
        'organization.',
    ],
    principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
  },
  'application-security': {
    name: 'Application security',
    summary:
      'Build security into how software is written, shipped and exposed, so flaws are caught both ' +
      'before and after release.',
    inPractice: [
      'Inspector Lambda code scanning and ECR image scanning catch vulnerable code and dependencies in ' +
        'what is actually deployed.',
      'Internet-facing applications sit behind AWS WAF web ACLs rolled out by Firewall Manager, with ' +
        'Shield Advanced where the exposure justifies its cost.',
      'Generative AI applications use Bedrock guardrails and keep model invocations logged.',
    ],
    doneLooksLike: [
      'Inspector Lambda code scanning and ECR scanning are enabled for every member account.',
      'Every internet-facing CloudFront distribution, Application Load Balancer and API Gateway stage has ' +
        'a WAF web ACL associated.',
      'In the generative AI account, Bedrock model invocation logging is on and guardrails are applied to ' +
        'production use.',
    ],
    principles: ['security-at-all-layers', 'automate-security-best-practices'],
  },
  'incident-response': {
    name: 'Incident response',
    summary:
      'Be ready to contain, investigate and recover from a security event, with people, access, data ' +
      'and playbooks prepared in advance.',
    inPractice: [
      'High-severity findings raise alerts through EventBridge and SNS to someone who is on call.',
      'Detective builds behaviour graphs from GuardDuty, CloudTrail and VPC flow data to speed up investigations.',
      'A separate forensics account receives copies of evidence, away from the affected workload.',
      'AWS Security Incident Response, when subscribed, adds triage and a responder team for the whole ' +
        'organization.',
    ],
    doneLooksLike: [
      'An EventBridge rule in the security tooling account forwards findings at or above the chosen ' +
        'severity to an SNS topic with at least one confirmed subscription.',
      'When Detective is enabled, it is administered from the security tooling account with members ' +
        'enabled automatically.',
      'Every account has a SECURITY alternate contact.',
      'CloudTrail, VPC flow and DNS query logs needed for investigations are kept in the log archive for ' +
        'at least a year.',
    ],
    principles: ['prepare-for-security-events', 'enable-traceability', 'keep-people-away-from-data'],
  },
};

/** The nine capabilities, in the AWS CAF order of {@link CAPABILITY_IDS}. */
export const CAPABILITIES: readonly Capability[] = CAPABILITY_IDS.map((id) => ({
  id,
  ...TEXT[id],
  blueprintSection: CAPABILITY_SECTION[id],
}));

const BY_ID = new Map<string, Capability>(CAPABILITIES.map((c) => [c.id, c]));

/** Whether `value` is one of the nine capability ids. */
export function isCapabilityId(value: string): value is CapabilityId {
  return BY_ID.has(value);
}

/** The capability with this id. */
export function getCapability(id: CapabilityId): Capability {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown capability id "${String(id)}"`);
  return found;
}
