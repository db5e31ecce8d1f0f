import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../src/blueprint/load.js';
import {
  BlueprintError,
  formatDiagnostic,
  type BlueprintDiagnostic,
} from '../../src/blueprint/diagnostics.js';

/** Joins lines so each case reads top to bottom with its line numbers in mind. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

/** A valid organization + accounts header, lines 1–7. Cases append sections from line 8 on. */
const HEAD = [
  'organization:', // 1
  '  managementAccount: "111111111111"', // 2
  '  homeRegion: us-east-1', // 3
  '  governedRegions: [us-east-1, eu-west-1]', // 4
  'accounts:', // 5
  '  securityTooling: "222222222222"', // 6
  '  logArchive: "333333333333"', // 7
];

function diagnose(text: string): BlueprintDiagnostic[] {
  const result = parseBlueprint(text, 'sra.yaml');
  expect(result.blueprint).toBeUndefined();
  return result.diagnostics;
}

interface Case {
  name: string;
  text: string;
  line: number;
  column?: number;
  code: BlueprintDiagnostic['code'];
  message: RegExp;
  hint?: RegExp;
  path?: string;
}

const CASES: Case[] = [
  {
    name: 'YAML syntax error (unterminated flow list)',
    text: yaml('organization:', '  governedRegions: [us-east-1, eu-west-1', 'accounts:', '  logArchive: "3"'),
    line: 3,
    column: 1,
    code: 'yaml-syntax',
    message: /^YAML syntax error: .*(indent|\])/,
  },
  {
    name: 'YAML syntax error (nested mapping on one line)',
    text: yaml('organization: managementAccount: "111111111111"'),
    line: 1,
    column: 15,
    code: 'yaml-syntax',
    message: /Nested mappings/,
  },
  {
    name: 'duplicate YAML key',
    text: yaml(...HEAD.slice(0, 3), '  homeRegion: eu-west-1', ...HEAD.slice(3)),
    line: 4,
    column: 3,
    code: 'duplicate-key',
    message: /^duplicate key "homeRegion"$/,
    hint: /first appears at line 3/,
  },
  {
    name: 'wrong type: a string where a list is expected',
    text: yaml(...HEAD.slice(0, 3), '  governedRegions: us-east-1', ...HEAD.slice(4)),
    line: 4,
    column: 20,
    code: 'invalid-type',
    message: /^expected a list, got the string "us-east-1"$/,
    path: 'organization.governedRegions',
  },
  {
    name: 'wrong type: "yes" for a boolean',
    text: yaml(...HEAD, 'threatDetection:', '  guardduty:', '    enabled: yes'),
    line: 10,
    column: 14,
    code: 'invalid-type',
    message: /^expected true or false, got the string "yes"$/,
    hint: /write true or false/,
  },
  {
    name: 'unknown top-level key with did-you-mean',
    text: yaml(...HEAD, 'threatDetecton:', '  guardduty:', '    enabled: false'),
    line: 8,
    column: 1,
    code: 'unknown-key',
    message: /^unknown key "threatDetecton" at the top level$/,
    hint: /^did you mean "threatDetection"\?$/,
  },
  {
    name: 'misspelled nested key',
    text: yaml(...HEAD, 'threatDetection:', '  guardduty:', '    protectonPlans: all'),
    line: 10,
    column: 5,
    code: 'unknown-key',
    message: /^unknown key "protectonPlans" in threatDetection\.guardduty$/,
    hint: /^did you mean "protectionPlans"\?$/,
    path: 'threatDetection.guardduty.protectonPlans',
  },
  {
    name: 'missing required key points at the parent mapping',
    text: yaml(HEAD[0]!, HEAD[1]!, HEAD[3]!, ...HEAD.slice(4)),
    line: 1,
    column: 1,
    code: 'missing-key',
    message: /^missing required key "homeRegion"$/,
    path: 'organization.homeRegion',
  },
  {
    name: 'unquoted numeric account ID',
    text: yaml(HEAD[0]!, '  managementAccount: 111111111111', ...HEAD.slice(2)),
    line: 2,
    column: 22,
    code: 'unquoted-account-id',
    message: /^account ID 111111111111 is written as a number; account IDs must be quoted strings$/,
    hint: /write "111111111111" in quotes.*leading zeros/,
  },
  {
    name: 'unquoted account ID with a leading zero keeps the digits in the hint',
    text: yaml(...HEAD.slice(0, 6), '  logArchive: 012345678901'),
    line: 7,
    column: 15,
    code: 'unquoted-account-id',
    message: /account ID 012345678901 is written as a number/,
    hint: /write "012345678901" in quotes/,
  },
  {
    name: '11-digit account ID',
    text: yaml(...HEAD.slice(0, 5), '  securityTooling: "22222222222"', HEAD[6]!),
    line: 6,
    column: 20,
    code: 'invalid-account-id',
    message: /^"22222222222" is not an AWS account ID: expected exactly 12 digits \(it has 11 digits\)$/,
  },
  {
    name: 'same account as Security Tooling and Log Archive',
    text: yaml(...HEAD.slice(0, 6), '  logArchive: "222222222222"'),
    line: 7,
    column: 15,
    code: 'duplicate-role',
    message: /^account 222222222222 already holds another role \(accounts\.securityTooling\)$/,
    hint: /Security Tooling and Log Archive must be distinct accounts/,
  },
  {
    name: 'management account as Security Tooling',
    text: yaml(...HEAD.slice(0, 5), '  securityTooling: "111111111111"', HEAD[6]!),
    line: 6,
    column: 20,
    code: 'management-account-role',
    message: /^the management account 111111111111 cannot be the Security Tooling account$/,
    hint: /never a delegated administrator/,
  },
  {
    name: 'unknown Region with did-you-mean',
    text: yaml(...HEAD.slice(0, 3), '  governedRegions: [us-east-1, eu-west-9]', ...HEAD.slice(4)),
    line: 4,
    column: 32,
    code: 'unknown-region',
    message: /^unknown AWS Region "eu-west-9"$/,
    hint: /^did you mean "eu-west-1"\?$/,
    path: 'organization.governedRegions[1]',
  },
  {
    name: 'home Region not governed',
    text: yaml(HEAD[0]!, HEAD[1]!, '  homeRegion: us-east-2', ...HEAD.slice(3)),
    line: 3,
    column: 15,
    code: 'home-region-not-governed',
    message: /^home Region us-east-2 is not in governedRegions$/,
  },
  {
    name: 'duplicate governed Region',
    text: yaml(...HEAD.slice(0, 3), '  governedRegions: [us-east-1, eu-west-1, us-east-1]', ...HEAD.slice(4)),
    line: 4,
    column: 43,
    code: 'duplicate-entry',
    message: /^duplicate Region "us-east-1"/,
  },
  {
    name: 'workload placed in an OU that does not exist',
    text: yaml(
      ...HEAD.slice(0, 4),
      '  organizationalUnits:',
      '    - name: Prod',
      ...HEAD.slice(4),
      '  workloads:',
      '    - { id: "444444444444", ou: Prd }',
    ),
    line: 11,
    column: 33,
    code: 'dangling-reference',
    message: /^OU "Prd" is not declared in organization\.organizationalUnits$/,
    hint: /did you mean "Prod"/,
  },
  {
    name: 'OU in targets that does not exist',
    text: yaml(...HEAD, 'dataProtection:', '  macie:', '    targets:', '      ous: [Workloads]'),
    line: 11,
    column: 13,
    code: 'dangling-reference',
    message: /^OU "Workloads" is not declared/,
    path: 'dataProtection.macie.targets.ous[0]',
  },
  {
    name: 'account in targets that is not in the blueprint',
    text: yaml(
      ...HEAD,
      'vulnerabilityManagement:',
      '  inspector:',
      '    targets: { excludeAccounts: ["222222222223"] }',
    ),
    line: 10,
    column: 34,
    code: 'dangling-reference',
    message: /^account 222222222223 is not declared in the blueprint$/,
    hint: /did you mean "222222222222"/,
  },
  {
    name: 'Security Hub enabled with Config disabled',
    text: yaml(...HEAD, 'assurance:', '  config:', '    enabled: false'),
    line: 10,
    column: 14,
    code: 'inconsistent-option',
    message: /^Security Hub is enabled but AWS Config recording is off/,
    path: 'assurance.config.enabled',
  },
  {
    name: 'Security Hub in more Regions than Config records',
    text: yaml(...HEAD, 'assurance:', '  config:', '    targets: { excludeRegions: [eu-west-1] }'),
    line: 10,
    column: 14,
    code: 'inconsistent-option',
    message: /^Security Hub covers Regions eu-west-1 where AWS Config does not record$/,
  },
  {
    name: 'Detective without GuardDuty',
    text: yaml(
      ...HEAD,
      'threatDetection:',
      '  guardduty: { enabled: false }',
      'incidentResponse:',
      '  detective:',
      '    enabled: true',
    ),
    line: 12,
    column: 14,
    code: 'inconsistent-option',
    message: /^Detective is enabled but GuardDuty is off/,
  },
  {
    name: 'Security Lake without cost acknowledgement',
    text: yaml(...HEAD, 'threatDetection:', '  securityLake:', '    enabled: true'),
    line: 10,
    column: 14,
    code: 'missing-cost-acknowledgement',
    message: /^Security Lake is billed per GB/,
    hint: /acknowledgeCost: true/,
  },
  {
    name: 'Shield Advanced without cost acknowledgement',
    text: yaml(...HEAD, 'infrastructureProtection:', '  shieldAdvanced: { enabled: true }'),
    line: 9,
    column: 30,
    code: 'missing-cost-acknowledgement',
    message: /^Shield Advanced costs a monthly subscription fee/,
  },
  {
    name: 'policy with both builtin and file',
    text: yaml(
      ...HEAD,
      'governance:',
      '  serviceControlPolicies:',
      '    - name: guardrails',
      '      builtin: deny-root-user',
      '      file: policies/guardrails.json',
    ),
    line: 12,
    column: 13,
    code: 'conflicting-options',
    message: /^policy "guardrails" sets both builtin and file$/,
  },
  {
    name: 'enum value with did-you-mean',
    text: yaml(...HEAD, 'assurance:', '  securityHub:', '    configuration: centrl'),
    line: 10,
    column: 20,
    code: 'invalid-value',
    message: /^invalid value "centrl"; expected one of: central, local$/,
    hint: /did you mean "central"/,
  },
  {
    name: 'unsupported version',
    text: yaml('version: 2', ...HEAD),
    line: 1,
    column: 10,
    code: 'invalid-value',
    message: /^unsupported blueprint version 2$/,
  },
  {
    name: 'excluded Region that is not governed',
    text: yaml(...HEAD, 'dataProtection:', '  macie:', '    targets: { excludeRegions: [ap-south-1] }'),
    line: 10,
    column: 33,
    code: 'ungoverned-region',
    message: /^ap-south-1 is not a governed Region/,
  },
  {
    name: 'duplicate organization trail beside Control Tower',
    text: yaml(...HEAD.slice(0, 4), '  controlTower: { enabled: true, version: "3.3" }', ...HEAD.slice(4)),
    line: 5,
    column: 28, // the `true` of controlTower.enabled: the trail settings are all defaults
    code: 'inconsistent-option',
    message: /^Control Tower already runs an organization trail/,
    hint: /managementEvents: false/,
  },
  {
    name: 'Lambda code scanning without Lambda scanning',
    text: yaml(...HEAD, 'vulnerabilityManagement:', '  inspector:', '    scanTypes: [ec2, lambda-code]'),
    line: 10,
    column: 22,
    code: 'inconsistent-option',
    message: /^lambda-code scanning needs lambda/,
  },
  {
    name: 'OU that is its own ancestor',
    text: yaml(
      ...HEAD.slice(0, 4),
      '  organizationalUnits:',
      '    - { name: A, parent: B }',
      '    - { name: B, parent: A }',
      ...HEAD.slice(4),
    ),
    line: 6,
    column: 26,
    code: 'ou-cycle',
    message: /^OU "A" is its own ancestor \(A → B → A\)$/,
  },
  {
    name: 'more SCPs on one target than AWS Organizations allows',
    text: yaml(
      ...HEAD,
      'governance:',
      '  serviceControlPolicies:',
      '    - { name: p1, builtin: deny-leave-organization }',
      '    - { name: p2, builtin: protect-security-services }',
      '    - { name: p3, builtin: protect-log-archive }',
      '    - { name: p4, builtin: deny-root-user }',
      '    - { name: p5, builtin: region-deny }',
    ),
    line: 14,
    column: 7,
    code: 'policy-limit',
    message: /^policy "p5" is the 5th SCP attached to the root/,
  },
  {
    name: 'policy that excludes an account',
    text: yaml(
      ...HEAD,
      'governance:',
      '  resourceControlPolicies:',
      '    - name: tls',
      '      builtin: require-tls',
      '      targets:',
      '        excludeAccounts: ["222222222222"]',
    ),
    line: 13,
    column: 26,
    code: 'inconsistent-option',
    message: /^policy "tls" lists excludeAccounts, but a policy applies to every account below/,
  },
  {
    name: 'empty file',
    text: '# nothing here yet\n',
    line: 1,
    column: 1,
    code: 'empty-blueprint',
    message: /^the blueprint is empty$/,
  },
];

describe('blueprint validation rejects broken input', () => {
  it.each(CASES)('$name', (c) => {
    const diagnostics = diagnose(c.text);
    const match = diagnostics.find((d) => d.code === c.code);
    expect(match, JSON.stringify(diagnostics, null, 2)).toBeDefined();
    expect(match!.line).toBe(c.line);
    if (c.column !== undefined) expect(match!.column).toBe(c.column);
    expect(match!.message).toMatch(c.message);
    if (c.hint) expect(match!.hint).toMatch(c.hint);
    // Every diagnostic says what to do about it.
    for (const d of diagnostics) expect(d.hint, formatDiagnostic(d)).toBeTruthy();
    if (c.path) expect(match!.path).toBe(c.path);
    expect(match!.file).toBe('sra.yaml');
  });

  it('covers at least 15 distinct kinds of error', () => {
    expect(new Set(CASES.map((c) => c.code)).size).toBeGreaterThanOrEqual(15);
  });

  it('reports a missing required section at the top of the file alongside the misspelled one', () => {
    const diagnostics = diagnose(yaml(...HEAD.slice(0, 4), 'acounts:', ...HEAD.slice(5)));
    expect(diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([
      ['missing-key', 1, 'accounts'],
      ['unknown-key', 5, 'acounts'],
    ]);
    expect(diagnostics[1]!.hint).toBe('did you mean "accounts"?');
  });

  it('reports every error of one file in a single run, in file order', () => {
    const text = yaml(
      'organization:', // 1
      '  managementAccount: "111111111111"', // 2
      '  homeRegion: eu-west-1', // 3  not governed
      '  governedRegions: [us-east-1, us-west-2]', // 4
      'accounts:', // 5
      '  securityTooling: 222222222222', // 6  unquoted account ID
      '  logArchive: "111111111111"', // 7  management account as Log Archive
      '  workloads:', // 8
      '    - { id: "44444444444" }', // 9  11 digits
      'assurance:', // 10
      '  securityHub:', // 11
      '    standard: [fsbp]', // 12 misspelled key
      'threatDetection:', // 13
      '  securityLake: { enabled: true }', // 14 no cost acknowledgement
      'infrastructureProtection:', // 15
      '  shieldAdvanced:', // 16
      '    enabled: true', // 17 no cost acknowledgement
      '  dnsFirewall:', // 18
      '    enabled: true', // 19
      '    targets: { excludeRegions: [us-west-3] }', // 20 unknown Region
    );
    const diagnostics = diagnose(text);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [3, 'home-region-not-governed'],
      [6, 'unquoted-account-id'],
      [7, 'management-account-role'],
      [9, 'invalid-account-id'],
      [12, 'unknown-key'],
      [14, 'missing-cost-acknowledgement'],
      [17, 'missing-cost-acknowledgement'],
      [20, 'unknown-region'],
    ]);
    // Sorted by line, then column.
    const positions = diagnostics.map((d) => d.line * 1000 + d.column);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('runs cross-checks on the valid sections when another section has schema errors', () => {
    const text = yaml(
      ...HEAD.slice(0, 6), // 1-6
      '  logArchive: "222222222222"', // 7  duplicate role (cross-check)
      'identity:', // 8
      '  passwordPolicy:', // 9
      '    minimumLength: 4', // 10 schema error
      'threatDetection:', // 11
      '  securityLake: { enabled: true }', // 12 cross-check
    );
    const diagnostics = diagnose(text);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [7, 'duplicate-role'],
      [10, 'invalid-value'],
      [12, 'missing-cost-acknowledgement'],
    ]);
    expect(diagnostics[1]!.message).toBe('identity.passwordPolicy.minimumLength must be at least 6');
  });

  it('does not report cross-check findings that come from a default standing in for an invalid value', () => {
    // managementEvents is invalid, so its default (true) must not trigger the Control Tower trail check.
    const text = yaml(
      ...HEAD.slice(0, 4),
      '  controlTower: { enabled: true }',
      ...HEAD.slice(4),
      'threatDetection:',
      '  cloudtrail:',
      '    organizationTrail:',
      '      managementEvents: "no"',
      '      dataEvents: { s3: true }',
    );
    const diagnostics = diagnose(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['invalid-type']);
    expect(diagnostics[0]!.line).toBe(12);
  });

  it('treats an empty value of an optional key as "use the default"', () => {
    const result = parseBlueprint(yaml(...HEAD, 'governance:', 'assurance:', '  securityHub:'), 'sra.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.blueprint?.assurance.securityHub.enabled).toBe(true);
  });

  it('rejects an empty value of a required key', () => {
    const diagnostics = diagnose(yaml(HEAD[0]!, '  managementAccount:', ...HEAD.slice(2)));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      line: 2,
      column: 3,
      code: 'invalid-type',
      message: 'expected a string, got an empty value',
    });
  });

  it('rejects a top level that is not a mapping', () => {
    const diagnostics = diagnose('- organization\n- accounts\n');
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 1, code: 'invalid-type' });
  });
});

describe('BlueprintError', () => {
  it('carries every diagnostic, exits with code 2 and formats one line per diagnostic', () => {
    const { diagnostics } = parseBlueprint(
      yaml(...HEAD.slice(0, 6), '  logArchive: "111111111111"'),
      'org.yaml',
    );
    const error = new BlueprintError('org.yaml', diagnostics);
    expect(error.code).toBe('BLUEPRINT_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.diagnostics).toHaveLength(1);
    const lines = error.describe().split('\n');
    expect(lines[0]).toBe('org.yaml: 1 blueprint error');
    expect(lines[1]).toBe(
      '  org.yaml:7:15  accounts.logArchive  the management account 111111111111 cannot be the Log Archive account (hint: the management account is never a delegated administrator; use a dedicated member account)',
    );
    expect(formatDiagnostic(diagnostics[0]!)).toBe(lines[1]!.trim());
  });
});
