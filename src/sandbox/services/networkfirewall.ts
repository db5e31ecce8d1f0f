/**
 * AWS Network Firewall in the sandbox: rule groups, firewall policies, firewalls in a VPC of the
 * account, their protection flags and their logging configuration — what the network-account controls
 * (Security Hub NetworkFirewall.2–.6, .9, .10) read.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_CreateRuleGroup.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeRuleGroup.html
 *   (a rule group named without its ARN needs its Type)
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListRuleGroups.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_FirewallPolicy.html
 *   (stateless default actions: exactly one of aws:pass, aws:drop, aws:forward_to_sfe; stateful default
 *   actions only with the STRICT_ORDER rule order)
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_CreateFirewall.html
 *   (DeleteProtection, SubnetChangeProtection and FirewallPolicyChangeProtection start TRUE)
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DeleteFirewall.html
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_UpdateLoggingConfiguration.html
 *   (one change per call: add, remove or change a single LogDestinationConfig)
 * - https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_LogDestinationConfig.html
 * - https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging-destinations.html
 *
 * Propagation key honoured: `network-firewall:firewall` — a new firewall reports `PROVISIONING` for this
 * many ms, then `READY`.
 *
 * Not simulated: subnets (subnet ids are checked for shape only), RAM-shared policies and rule groups,
 * TLS inspection, transit-gateway-attached firewalls, Suricata rule parsing (a rules string only has to
 * be non-empty), and the bucket policy that log delivery to S3 needs (only the bucket's existence).
 */
import type {
  CreateFirewallCommandInput,
  CreateFirewallCommandOutput,
  CreateFirewallPolicyCommandInput,
  CreateFirewallPolicyCommandOutput,
  CreateRuleGroupCommandInput,
  CreateRuleGroupCommandOutput,
  DeleteFirewallCommandInput,
  DeleteFirewallCommandOutput,
  DescribeFirewallCommandInput,
  DescribeFirewallCommandOutput,
  DescribeFirewallPolicyCommandInput,
  DescribeFirewallPolicyCommandOutput,
  DescribeLoggingConfigurationCommandInput,
  DescribeLoggingConfigurationCommandOutput,
  DescribeRuleGroupCommandInput,
  DescribeRuleGroupCommandOutput,
  Firewall,
  FirewallPolicy,
  FirewallPolicyResponse,
  FirewallStatus,
  ListFirewallPoliciesCommandInput,
  ListFirewallPoliciesCommandOutput,
  ListFirewallsCommandInput,
  ListFirewallsCommandOutput,
  ListRuleGroupsCommandInput,
  ListRuleGroupsCommandOutput,
  LogDestinationConfig,
  RuleGroup,
  RuleGroupResponse,
  RuleGroupType,
  Tag,
  UpdateFirewallDeleteProtectionCommandInput,
  UpdateFirewallDeleteProtectionCommandOutput,
  UpdateFirewallPolicyCommandInput,
  UpdateFirewallPolicyCommandOutput,
  UpdateLoggingConfigurationCommandInput,
  UpdateLoggingConfigurationCommandOutput,
  UpdateSubnetChangeProtectionCommandInput,
  UpdateSubnetChangeProtectionCommandOutput,
} from '@aws-sdk/client-network-firewall';
import {
  InvalidOperationException,
  InvalidRequestException,
  InvalidTokenException,
  LogDestinationPermissionException,
  ResourceNotFoundException,
} from '@aws-sdk/client-network-firewall';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';
import { ec2Region } from './ec2.js';
import { findBucket } from './s3.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Network Firewall in the sandbox (its IAM action prefix). */
export const NETWORK_FIREWALL_SERVICE = 'network-firewall';

const NAME = /^[a-zA-Z0-9-]{1,128}$/;
const STATELESS_ACTIONS = ['aws:pass', 'aws:drop', 'aws:forward_to_sfe'];
const STATEFUL_DEFAULT_ACTIONS = [
  'aws:drop_strict',
  'aws:drop_established',
  'aws:drop_established_app_layer',
  'aws:alert_strict',
  'aws:alert_established',
  'aws:alert_established_app_layer',
];
const DESTINATION_KEY: Readonly<Record<string, string>> = {
  S3: 'bucketName',
  CloudWatchLogs: 'logGroup',
  KinesisDataFirehose: 'deliveryStream',
};

/** A rule group as stored. */
export interface SandboxRuleGroup {
  arn: string;
  id: string;
  name: string;
  type: RuleGroupType;
  capacity: number;
  description?: string;
  ruleGroup: RuleGroup;
  tags: Tag[];
}

/** A firewall policy as stored. */
export interface SandboxFirewallPolicy {
  arn: string;
  id: string;
  name: string;
  description?: string;
  policy: FirewallPolicy;
  tags: Tag[];
  /** Bumped on every change, for the optimistic-locking token. */
  version: number;
}

/** A firewall as stored. */
export interface SandboxFirewall {
  firewall: Firewall;
  /** Creation time (epoch ms), for the PROVISIONING → READY transition. */
  createdAt: number;
  /** Logging destinations. */
  logging: LogDestinationConfig[];
  /** Bumped on every change, for the optimistic-locking token. */
  version: number;
}

/** Network Firewall state of one account in one Region. */
export interface NetworkFirewallState {
  ruleGroups: Map<string, SandboxRuleGroup>;
  policies: Map<string, SandboxFirewallPolicy>;
  firewalls: Map<string, SandboxFirewall>;
}

function initState(): NetworkFirewallState {
  return { ruleGroups: new Map(), policies: new Map(), firewalls: new Map() };
}

/** Network Firewall state of `account` in `region` (created empty on first use). */
export function networkFirewallRegion(
  world: SandboxWorld,
  account: string,
  region: string,
): NetworkFirewallState {
  return world.regional(NETWORK_FIREWALL_SERVICE, account, region, initState);
}

const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  InvalidOperationException,
  InvalidRequestException,
  InvalidTokenException,
  LogDestinationPermissionException,
  ResourceNotFoundException,
};

function invalid(ctx: CallContext, message: string): ServiceException {
  return ctx.error('InvalidRequestException', message);
}

function notFound(ctx: CallContext, what: string): ServiceException {
  return ctx.error('ResourceNotFoundException', `${what} not found`);
}

function state(ctx: CallContext): NetworkFirewallState {
  return ctx.regional(initState);
}

function arnOf(ctx: CallContext, kind: string, name: string): string {
  return `arn:${ctx.world.partition}:network-firewall:${ctx.region}:${ctx.account}:${kind}/${name}`;
}

function idOf(arn: string): string {
  let h = 2166136261;
  for (let i = 0; i < arn.length; i++) h = Math.imul(h ^ arn.charCodeAt(i), 16777619) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${hex}${hex.slice(0, 4)}`;
}

function token(version: number, arn: string): string {
  return `${idOf(arn)}-v${version}`;
}

function checkName(ctx: CallContext, name: string | undefined, what: string): string {
  if (!name || !NAME.test(name)) throw invalid(ctx, `${what} must match ^[a-zA-Z0-9-]{1,128}$`);
  return name;
}

function ruleGroupResponse(g: SandboxRuleGroup): RuleGroupResponse {
  const rules = g.ruleGroup.RulesSource?.StatelessRulesAndCustomActions?.StatelessRules ?? [];
  return {
    RuleGroupArn: g.arn,
    RuleGroupName: g.name,
    RuleGroupId: g.id,
    Type: g.type,
    Capacity: g.capacity,
    RuleGroupStatus: 'ACTIVE',
    Tags: [...g.tags],
    ConsumedCapacity: g.type === 'STATELESS' ? rules.length : 0,
    NumberOfAssociations: 0,
    ...(g.description !== undefined ? { Description: g.description } : {}),
  };
}

function policyResponse(ctx: CallContext, p: SandboxFirewallPolicy): FirewallPolicyResponse {
  const associations = [...state(ctx).firewalls.values()].filter(
    (f) => f.firewall.FirewallPolicyArn === p.arn,
  ).length;
  return {
    FirewallPolicyName: p.name,
    FirewallPolicyArn: p.arn,
    FirewallPolicyId: p.id,
    FirewallPolicyStatus: 'ACTIVE',
    Tags: [...p.tags],
    NumberOfAssociations: associations,
    ...(p.description !== undefined ? { Description: p.description } : {}),
  };
}

function findRuleGroup(
  ctx: CallContext,
  arn: string | undefined,
  name: string | undefined,
  type: string | undefined,
): SandboxRuleGroup {
  const st = state(ctx);
  if (arn) {
    const g = st.ruleGroups.get(arn);
    if (!g) throw notFound(ctx, `RuleGroup ${arn}`);
    return g;
  }
  if (!name) throw invalid(ctx, 'RuleGroupArn or RuleGroupName is required');
  if (type !== 'STATELESS' && type !== 'STATEFUL') {
    throw invalid(ctx, 'Type is required when the rule group is named without its ARN');
  }
  const g = st.ruleGroups.get(arnOf(ctx, `${type.toLowerCase()}-rulegroup`, name));
  if (!g) throw notFound(ctx, `RuleGroup ${name}`);
  return g;
}

function findPolicy(
  ctx: CallContext,
  arn: string | undefined,
  name: string | undefined,
): SandboxFirewallPolicy {
  const key = arn ?? (name ? arnOf(ctx, 'firewall-policy', name) : undefined);
  if (!key) throw invalid(ctx, 'FirewallPolicyArn or FirewallPolicyName is required');
  const p = state(ctx).policies.get(key);
  if (!p) throw notFound(ctx, `FirewallPolicy ${arn ?? name}`);
  return p;
}

function findFirewall(ctx: CallContext, arn: string | undefined, name: string | undefined): SandboxFirewall {
  const key = arn ?? (name ? arnOf(ctx, 'firewall', name) : undefined);
  if (!key) throw invalid(ctx, 'FirewallArn or FirewallName is required');
  const f = state(ctx).firewalls.get(key);
  if (!f) throw notFound(ctx, `Firewall ${arn ?? name}`);
  return f;
}

function checkToken(ctx: CallContext, given: string | undefined, version: number, arn: string): void {
  if (given !== undefined && given !== token(version, arn)) {
    throw ctx.error('InvalidTokenException', 'The update token is not current. Describe the resource again.');
  }
}

/** An AWS managed rule group ARN (`…:aws-managed:…`), which every account may reference. */
function isManagedArn(arn: string): boolean {
  return /^arn:aws[\w-]*:network-firewall:[a-z0-9-]+:aws-managed:/.test(arn);
}

function validatePolicy(ctx: CallContext, p: FirewallPolicy | undefined): FirewallPolicy {
  if (!p) throw invalid(ctx, 'FirewallPolicy is required');
  const custom = new Set((p.StatelessCustomActions ?? []).map((a) => a.ActionName ?? ''));
  for (const [field, actions] of [
    ['StatelessDefaultActions', p.StatelessDefaultActions],
    ['StatelessFragmentDefaultActions', p.StatelessFragmentDefaultActions],
  ] as const) {
    const standard = (actions ?? []).filter((a) => STATELESS_ACTIONS.includes(a));
    const unknown = (actions ?? []).filter((a) => !STATELESS_ACTIONS.includes(a) && !custom.has(a));
    if (standard.length !== 1 || unknown.length) {
      throw invalid(
        ctx,
        `${field} must hold exactly one of ${STATELESS_ACTIONS.join(', ')}, plus custom actions`,
      );
    }
  }
  const order = p.StatefulEngineOptions?.RuleOrder ?? 'DEFAULT_ACTION_ORDER';
  if (p.StatefulDefaultActions?.length) {
    if (order !== 'STRICT_ORDER') {
      throw invalid(ctx, 'StatefulDefaultActions can only be set with the STRICT_ORDER rule order');
    }
    const unknown = p.StatefulDefaultActions.filter((a) => !STATEFUL_DEFAULT_ACTIONS.includes(a));
    if (unknown.length) throw invalid(ctx, `Unknown stateful default action ${unknown[0]}`);
    const drops = p.StatefulDefaultActions.filter((a) => a.startsWith('aws:drop'));
    if (drops.length > 1) throw invalid(ctx, 'At most one drop action may be a stateful default action');
  }
  const st = state(ctx);
  for (const ref of p.StatelessRuleGroupReferences ?? []) {
    if (ref.Priority === undefined) throw invalid(ctx, 'Stateless rule group references need a Priority');
    const g = st.ruleGroups.get(ref.ResourceArn ?? '');
    if (!g || g.type !== 'STATELESS') throw invalid(ctx, `Stateless rule group ${ref.ResourceArn} not found`);
  }
  for (const ref of p.StatefulRuleGroupReferences ?? []) {
    const arn = ref.ResourceArn ?? '';
    if (isManagedArn(arn)) continue;
    const g = st.ruleGroups.get(arn);
    if (!g || g.type !== 'STATEFUL') throw invalid(ctx, `Stateful rule group ${arn} not found`);
  }
  return structuredClone(p);
}

function firewallStatus(ctx: CallContext, f: SandboxFirewall): FirewallStatus {
  const ready = ctx.clock.now() >= f.createdAt + ctx.propagationDelay('network-firewall:firewall');
  return {
    Status: ready ? 'READY' : 'PROVISIONING',
    ConfigurationSyncStateSummary: ready ? 'IN_SYNC' : 'PENDING',
  };
}

function listPage<T>(ctx: CallContext, items: T[], input: { MaxResults?: number; NextToken?: string }) {
  // MaxResults 1–100 for the Network Firewall list calls.
  return paginate(ctx, items, {
    maxResults: input.MaxResults,
    nextToken: input.NextToken,
    defaultMax: 100,
    limit: 100,
    errorName: 'InvalidRequestException',
  });
}

/** The simulated AWS Network Firewall service. */
export const networkFirewallService = defineService({
  name: NETWORK_FIREWALL_SERVICE,
  clientName: 'NetworkFirewallClient',
  scope: 'regional',
  protocol: 'json',
  modeledErrors: MODELED,
  operations: {
    CreateRuleGroup: (ctx, input: CreateRuleGroupCommandInput): Out<CreateRuleGroupCommandOutput> => {
      const name = checkName(ctx, input.RuleGroupName, 'RuleGroupName');
      const type = input.Type;
      if (type !== 'STATELESS' && type !== 'STATEFUL')
        throw invalid(ctx, 'Type must be STATELESS or STATEFUL');
      if (input.Capacity === undefined || input.Capacity < 1 || input.Capacity > 30000) {
        throw invalid(ctx, 'Capacity must be between 1 and 30000');
      }
      let ruleGroup = input.RuleGroup;
      if (!ruleGroup && input.Rules !== undefined) {
        if (type !== 'STATEFUL') throw invalid(ctx, 'A rules string is only valid for stateful rule groups');
        if (!input.Rules.trim()) throw invalid(ctx, 'Rules must not be empty');
        ruleGroup = { RulesSource: { RulesString: input.Rules } };
      }
      if (!ruleGroup?.RulesSource) throw invalid(ctx, 'RuleGroup or Rules is required');
      if (type === 'STATELESS' && !ruleGroup.RulesSource.StatelessRulesAndCustomActions) {
        throw invalid(ctx, 'A stateless rule group needs StatelessRulesAndCustomActions');
      }
      const arn = arnOf(ctx, `${type.toLowerCase()}-rulegroup`, name);
      const st = state(ctx);
      if (st.ruleGroups.has(arn)) throw invalid(ctx, `A resource with the name ${name} already exists`);
      const g: SandboxRuleGroup = {
        arn,
        id: idOf(arn),
        name,
        type,
        capacity: input.Capacity,
        ruleGroup: structuredClone(ruleGroup),
        tags: [...(input.Tags ?? [])],
        ...(input.Description !== undefined ? { description: input.Description } : {}),
      };
      if (!input.DryRun) st.ruleGroups.set(arn, g);
      return { UpdateToken: token(1, arn), RuleGroupResponse: ruleGroupResponse(g) };
    },

    DescribeRuleGroup: (ctx, input: DescribeRuleGroupCommandInput): Out<DescribeRuleGroupCommandOutput> => {
      const g = findRuleGroup(ctx, input.RuleGroupArn, input.RuleGroupName, input.Type);
      return {
        UpdateToken: token(1, g.arn),
        RuleGroup: structuredClone(g.ruleGroup),
        RuleGroupResponse: ruleGroupResponse(g),
      };
    },

    ListRuleGroups: (ctx, input: ListRuleGroupsCommandInput): Out<ListRuleGroupsCommandOutput> => {
      // Scope MANAGED lists AWS managed rule groups, which the sandbox does not model.
      const groups =
        input.Scope === 'MANAGED'
          ? []
          : [...state(ctx).ruleGroups.values()].filter(
              (g) => input.Type === undefined || g.type === input.Type,
            );
      const { page, nextToken } = listPage(ctx, groups, input);
      return {
        RuleGroups: page.map((g) => ({ Name: g.name, Arn: g.arn })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    CreateFirewallPolicy: (
      ctx,
      input: CreateFirewallPolicyCommandInput,
    ): Out<CreateFirewallPolicyCommandOutput> => {
      const name = checkName(ctx, input.FirewallPolicyName, 'FirewallPolicyName');
      const arn = arnOf(ctx, 'firewall-policy', name);
      const st = state(ctx);
      if (st.policies.has(arn)) throw invalid(ctx, `A resource with the name ${name} already exists`);
      const p: SandboxFirewallPolicy = {
        arn,
        id: idOf(arn),
        name,
        policy: validatePolicy(ctx, input.FirewallPolicy),
        tags: [...(input.Tags ?? [])],
        version: 1,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
      };
      if (!input.DryRun) st.policies.set(arn, p);
      return { UpdateToken: token(p.version, arn), FirewallPolicyResponse: policyResponse(ctx, p) };
    },

    UpdateFirewallPolicy: (
      ctx,
      input: UpdateFirewallPolicyCommandInput,
    ): Out<UpdateFirewallPolicyCommandOutput> => {
      const p = findPolicy(ctx, input.FirewallPolicyArn, input.FirewallPolicyName);
      if (!input.UpdateToken) throw invalid(ctx, 'UpdateToken is required');
      checkToken(ctx, input.UpdateToken, p.version, p.arn);
      const policy = validatePolicy(ctx, input.FirewallPolicy);
      if (!input.DryRun) {
        p.policy = policy;
        p.version++;
        if (input.Description !== undefined) p.description = input.Description;
      }
      return { UpdateToken: token(p.version, p.arn), FirewallPolicyResponse: policyResponse(ctx, p) };
    },

    DescribeFirewallPolicy: (
      ctx,
      input: DescribeFirewallPolicyCommandInput,
    ): Out<DescribeFirewallPolicyCommandOutput> => {
      const p = findPolicy(ctx, input.FirewallPolicyArn, input.FirewallPolicyName);
      return {
        UpdateToken: token(p.version, p.arn),
        FirewallPolicyResponse: policyResponse(ctx, p),
        FirewallPolicy: structuredClone(p.policy),
      };
    },

    ListFirewallPolicies: (
      ctx,
      input: ListFirewallPoliciesCommandInput,
    ): Out<ListFirewallPoliciesCommandOutput> => {
      const { page, nextToken } = listPage(ctx, [...state(ctx).policies.values()], input);
      return {
        FirewallPolicies: page.map((p) => ({ Name: p.name, Arn: p.arn })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    CreateFirewall: (ctx, input: CreateFirewallCommandInput): Out<CreateFirewallCommandOutput> => {
      const name = checkName(ctx, input.FirewallName, 'FirewallName');
      const policy = findPolicy(ctx, input.FirewallPolicyArn, undefined);
      const vpcId = input.VpcId ?? '';
      if (!ec2Region(ctx.world, ctx.account, ctx.region).vpcs.some((v) => v.VpcId === vpcId)) {
        throw invalid(ctx, `VPC ${vpcId} does not exist in this account and Region`);
      }
      const subnets = input.SubnetMappings ?? [];
      if (subnets.length === 0 || subnets.some((s) => !/^subnet-[0-9a-f]+$/.test(s.SubnetId ?? ''))) {
        throw invalid(ctx, 'SubnetMappings must list at least one subnet-… id');
      }
      const arn = arnOf(ctx, 'firewall', name);
      const st = state(ctx);
      if (st.firewalls.has(arn)) throw invalid(ctx, `A resource with the name ${name} already exists`);
      const f: SandboxFirewall = {
        firewall: {
          FirewallName: name,
          FirewallArn: arn,
          FirewallId: idOf(arn),
          FirewallPolicyArn: policy.arn,
          VpcId: vpcId,
          SubnetMappings: subnets.map((s) => ({ ...s })),
          DeleteProtection: input.DeleteProtection ?? true,
          SubnetChangeProtection: input.SubnetChangeProtection ?? true,
          FirewallPolicyChangeProtection: input.FirewallPolicyChangeProtection ?? true,
          Tags: [...(input.Tags ?? [])],
          ...(input.Description !== undefined ? { Description: input.Description } : {}),
        },
        createdAt: ctx.clock.now(),
        logging: [],
        version: 1,
      };
      st.firewalls.set(arn, f);
      return { Firewall: structuredClone(f.firewall), FirewallStatus: firewallStatus(ctx, f) };
    },

    DescribeFirewall: (ctx, input: DescribeFirewallCommandInput): Out<DescribeFirewallCommandOutput> => {
      const f = findFirewall(ctx, input.FirewallArn, input.FirewallName);
      return {
        UpdateToken: token(f.version, f.firewall.FirewallArn!),
        Firewall: structuredClone(f.firewall),
        FirewallStatus: firewallStatus(ctx, f),
      };
    },

    ListFirewalls: (ctx, input: ListFirewallsCommandInput): Out<ListFirewallsCommandOutput> => {
      const all = [...state(ctx).firewalls.values()].filter(
        (f) => !input.VpcIds?.length || input.VpcIds.includes(f.firewall.VpcId ?? ''),
      );
      const { page, nextToken } = listPage(ctx, all, input);
      return {
        Firewalls: page.map((f) => ({
          FirewallName: f.firewall.FirewallName,
          FirewallArn: f.firewall.FirewallArn,
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    DeleteFirewall: (ctx, input: DeleteFirewallCommandInput): Out<DeleteFirewallCommandOutput> => {
      const f = findFirewall(ctx, input.FirewallArn, input.FirewallName);
      if (f.firewall.DeleteProtection) {
        throw ctx.error(
          'InvalidOperationException',
          'The firewall is protected against deletion (DeleteProtection).',
        );
      }
      state(ctx).firewalls.delete(f.firewall.FirewallArn!);
      return {
        Firewall: structuredClone(f.firewall),
        FirewallStatus: { Status: 'DELETING', ConfigurationSyncStateSummary: 'PENDING' },
      };
    },

    UpdateFirewallDeleteProtection: (
      ctx,
      input: UpdateFirewallDeleteProtectionCommandInput,
    ): Out<UpdateFirewallDeleteProtectionCommandOutput> => {
      const f = findFirewall(ctx, input.FirewallArn, input.FirewallName);
      checkToken(ctx, input.UpdateToken, f.version, f.firewall.FirewallArn!);
      f.firewall.DeleteProtection = input.DeleteProtection ?? false;
      f.version++;
      return {
        FirewallArn: f.firewall.FirewallArn,
        FirewallName: f.firewall.FirewallName,
        DeleteProtection: f.firewall.DeleteProtection,
        UpdateToken: token(f.version, f.firewall.FirewallArn!),
      };
    },

    UpdateSubnetChangeProtection: (
      ctx,
      input: UpdateSubnetChangeProtectionCommandInput,
    ): Out<UpdateSubnetChangeProtectionCommandOutput> => {
      const f = findFirewall(ctx, input.FirewallArn, input.FirewallName);
      checkToken(ctx, input.UpdateToken, f.version, f.firewall.FirewallArn!);
      f.firewall.SubnetChangeProtection = input.SubnetChangeProtection ?? false;
      f.version++;
      return {
        FirewallArn: f.firewall.FirewallArn,
        FirewallName: f.firewall.FirewallName,
        SubnetChangeProtection: f.firewall.SubnetChangeProtection,
        UpdateToken: token(f.version, f.firewall.FirewallArn!),
      };
    },

    DescribeLoggingConfiguration: (
      ctx,
      input: DescribeLoggingConfigurationCommandInput,
    ): Out<DescribeLoggingConfigurationCommandOutput> => {
      const f = findFirewall(ctx, input.FirewallArn, input.FirewallName);
      return {
        FirewallArn: f.firewall.FirewallArn,
        LoggingConfiguration: { LogDestinationConfigs: structuredClone(f.logging) },
      };
    },

    UpdateLoggingConfiguration: (
      ctx,
      input: UpdateLoggingConfigurationCommandInput,
    ): Out<UpdateLoggingConfigurationCommandOutput> => {
      const f = findFirewall(ctx, input.FirewallArn, input.FirewallName);
      const next = input.LoggingConfiguration?.LogDestinationConfigs ?? [];
      const types = new Set<string>();
      for (const c of next) {
        if (!['ALERT', 'FLOW', 'TLS'].includes(c.LogType ?? ''))
          throw invalid(ctx, `Invalid LogType ${c.LogType}`);
        if (types.has(c.LogType!)) throw invalid(ctx, `LogType ${c.LogType} is configured more than once`);
        types.add(c.LogType!);
        const key = DESTINATION_KEY[c.LogDestinationType ?? ''];
        if (!key) throw invalid(ctx, `Invalid LogDestinationType ${c.LogDestinationType}`);
        const value = c.LogDestination?.[key];
        if (!value) throw invalid(ctx, `LogDestination needs ${key} for ${c.LogDestinationType}`);
        if (c.LogDestinationType === 'S3' && !findBucket(ctx.world, value)) {
          throw ctx.error('LogDestinationPermissionException', `Unable to deliver logs to bucket ${value}`);
        }
      }
      // One change per call: a single destination added, removed or modified.
      const key = (c: LogDestinationConfig) =>
        JSON.stringify([c.LogType, c.LogDestinationType, c.LogDestination]);
      const before = new Set(f.logging.map(key));
      const after = new Set(next.map(key));
      const added = [...after].filter((k) => !before.has(k)).length;
      const removed = [...before].filter((k) => !after.has(k)).length;
      const beforeTypes = new Set(f.logging.map((c) => c.LogType));
      const changedInPlace = next.filter((c) => beforeTypes.has(c.LogType) && !before.has(key(c))).length;
      if (added + removed - changedInPlace > 1) {
        throw invalid(ctx, 'You can only add, remove or change one logging destination per call');
      }
      f.logging = structuredClone(next);
      f.version++;
      return {
        FirewallArn: f.firewall.FirewallArn,
        FirewallName: f.firewall.FirewallName,
        LoggingConfiguration: { LogDestinationConfigs: structuredClone(f.logging) },
      };
    },
  },
});
