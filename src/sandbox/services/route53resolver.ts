/**
 * Amazon Route 53 Resolver in the sandbox: DNS Firewall (domain lists, rule groups, rules and their
 * associations with VPCs) and Resolver query logging (configurations and their associations with
 * VPCs) — what the network-account controls read.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateFirewallRuleGroup.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateFirewallDomainList.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateFirewallRule.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_AssociateFirewallRuleGroup.html
 *   (priority 100–9900, unique per VPC)
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListFirewallRuleGroupAssociations.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateResolverQueryLogConfig.html
 *   (destination: an S3 bucket, a CloudWatch Logs log group or a Firehose delivery stream)
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_AssociateResolverQueryLogConfig.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverQueryLogConfigs.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverQueryLogConfigAssociations.html
 * - https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_Filter.html
 *
 * Times are ISO 8601 strings, as Route 53 Resolver returns them.
 *
 * Propagation key honoured: `route53resolver:association` — a new DNS Firewall association reports
 * `UPDATING` and a new query-logging association `CREATING` for this many ms, then `COMPLETE` / `ACTIVE`.
 *
 * Not simulated: sharing through AWS RAM, AWS managed domain lists, and the permissions log delivery
 * needs on the destination (an S3 destination only has to exist).
 */
import type {
  AssociateFirewallRuleGroupCommandInput,
  AssociateFirewallRuleGroupCommandOutput,
  AssociateResolverQueryLogConfigCommandInput,
  AssociateResolverQueryLogConfigCommandOutput,
  CreateFirewallDomainListCommandInput,
  CreateFirewallDomainListCommandOutput,
  CreateFirewallRuleCommandInput,
  CreateFirewallRuleCommandOutput,
  CreateFirewallRuleGroupCommandInput,
  CreateFirewallRuleGroupCommandOutput,
  CreateResolverQueryLogConfigCommandInput,
  CreateResolverQueryLogConfigCommandOutput,
  DisassociateFirewallRuleGroupCommandInput,
  DisassociateFirewallRuleGroupCommandOutput,
  DisassociateResolverQueryLogConfigCommandInput,
  DisassociateResolverQueryLogConfigCommandOutput,
  Filter,
  FirewallRuleGroupAssociation,
  ListFirewallRuleGroupAssociationsCommandInput,
  ListFirewallRuleGroupAssociationsCommandOutput,
  ListFirewallRuleGroupsCommandInput,
  ListFirewallRuleGroupsCommandOutput,
  ListResolverQueryLogConfigAssociationsCommandInput,
  ListResolverQueryLogConfigAssociationsCommandOutput,
  ListResolverQueryLogConfigsCommandInput,
  ListResolverQueryLogConfigsCommandOutput,
  ResolverQueryLogConfig,
  ResolverQueryLogConfigAssociation,
  Tag,
} from '@aws-sdk/client-route53resolver';
import {
  ConflictException,
  InvalidParameterException,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-route53resolver';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';
import { ec2Region } from './ec2.js';
import { findBucket } from './s3.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Route 53 Resolver in the sandbox (its IAM action prefix). */
export const ROUTE53_RESOLVER_SERVICE = 'route53resolver';

/** A DNS Firewall rule group as stored. */
export interface SandboxDnsFirewallRuleGroup {
  id: string;
  arn: string;
  name: string;
  createdAt: number;
  creatorRequestId: string;
  /** Rules by name: the domain list and the action. */
  rules: Map<string, { domainListId: string; action: string; priority: number }>;
  tags: Tag[];
}

/** Route 53 Resolver state of one account in one Region. */
export interface Route53ResolverState {
  /** DNS Firewall domain lists by id. */
  domainLists: Map<string, { id: string; arn: string; name: string; createdAt: number }>;
  /** DNS Firewall rule groups by id. */
  ruleGroups: Map<string, SandboxDnsFirewallRuleGroup>;
  /** DNS Firewall rule group associations by id (created epoch ms kept beside the AWS shape). */
  associations: Map<string, { a: FirewallRuleGroupAssociation; createdAt: number }>;
  /** Query logging configurations by id. */
  queryLogConfigs: Map<string, ResolverQueryLogConfig>;
  /** Query logging associations by id. */
  queryLogAssociations: Map<string, { a: ResolverQueryLogConfigAssociation; createdAt: number }>;
  /** Id counter. */
  counter: number;
}

function initState(): Route53ResolverState {
  return {
    domainLists: new Map(),
    ruleGroups: new Map(),
    associations: new Map(),
    queryLogConfigs: new Map(),
    queryLogAssociations: new Map(),
    counter: 0,
  };
}

/** Route 53 Resolver state of `account` in `region` (created empty on first use). */
export function route53ResolverRegion(
  world: SandboxWorld,
  account: string,
  region: string,
): Route53ResolverState {
  return world.regional(ROUTE53_RESOLVER_SERVICE, account, region, initState);
}

const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  ConflictException,
  InvalidParameterException,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
  ValidationException,
};

function state(ctx: CallContext): Route53ResolverState {
  return ctx.regional(initState);
}

function nextId(ctx: CallContext, prefix: string): string {
  const st = state(ctx);
  st.counter++;
  let h = 2166136261;
  const seed = `${ctx.account}/${ctx.region}/${prefix}/${st.counter}`;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return `${prefix}-${h.toString(16).padStart(8, '0')}${st.counter.toString(16).padStart(8, '0')}`;
}

function arnOf(ctx: CallContext, kind: string, id: string): string {
  return `arn:${ctx.world.partition}:route53resolver:${ctx.region}:${ctx.account}:${kind}/${id}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function requireVpc(ctx: CallContext, vpcId: string | undefined): string {
  if (!vpcId || !ec2Region(ctx.world, ctx.account, ctx.region).vpcs.some((v) => v.VpcId === vpcId)) {
    throw ctx.error('ResourceNotFoundException', `VPC ${vpcId ?? ''} not found.`, {
      fields: { ResourceType: 'VPC' },
    });
  }
  return vpcId;
}

/** Pagination of the Resolver list calls: MaxResults 1–100. */
function page<T>(
  ctx: CallContext,
  items: T[],
  input: { MaxResults?: number; NextToken?: string },
  errorName: string,
) {
  return paginate(ctx, items, {
    maxResults: input.MaxResults,
    nextToken: input.NextToken,
    defaultMax: 100,
    limit: 100,
    errorName,
  });
}

/** Applies Resolver `Filters` (every filter must match one of its values); unknown names are errors. */
function applyFilters<T>(
  ctx: CallContext,
  items: T[],
  filters: Filter[] | undefined,
  fields: (t: T) => Record<string, string | undefined>,
): T[] {
  if (!filters?.length) return items;
  return items.filter((item) => {
    const f = fields(item);
    return filters.every((filter) => {
      const name = filter.Name ?? '';
      if (!(name in f)) {
        throw ctx.error('InvalidParameterException', `Filter name ${name} is not valid.`, {
          fields: { FieldName: 'Filters' },
        });
      }
      return (filter.Values ?? []).includes(f[name] ?? '');
    });
  });
}

function associationView(
  ctx: CallContext,
  e: { a: FirewallRuleGroupAssociation; createdAt: number },
): FirewallRuleGroupAssociation {
  const settled = ctx.clock.now() >= e.createdAt + ctx.propagationDelay('route53resolver:association');
  return { ...e.a, Status: settled ? 'COMPLETE' : 'UPDATING' };
}

function queryLogAssociationView(
  ctx: CallContext,
  e: { a: ResolverQueryLogConfigAssociation; createdAt: number },
): ResolverQueryLogConfigAssociation {
  const settled = ctx.clock.now() >= e.createdAt + ctx.propagationDelay('route53resolver:association');
  return { ...e.a, Status: settled ? 'ACTIVE' : 'CREATING' };
}

/** A destination ARN query logs can go to, with the S3 bucket checked for existence. */
function checkDestination(ctx: CallContext, arn: string | undefined): string {
  const s3 = /^arn:aws[\w-]*:s3:::([^/]+)(\/.*)?$/.exec(arn ?? '');
  const logs = /^arn:aws[\w-]*:logs:[a-z0-9-]+:\d{12}:log-group:.+$/.test(arn ?? '');
  const firehose = /^arn:aws[\w-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/.+$/.test(arn ?? '');
  if (!s3 && !logs && !firehose) {
    throw ctx.error(
      'InvalidParameterException',
      `DestinationArn ${arn ?? ''} is not an S3 bucket, log group or Firehose stream.`,
      {
        fields: { FieldName: 'DestinationArn' },
      },
    );
  }
  if (s3 && !findBucket(ctx.world, s3[1]!)) {
    throw ctx.error('InvalidParameterException', `The S3 bucket ${s3[1]} does not exist.`, {
      fields: { FieldName: 'DestinationArn' },
    });
  }
  return arn!;
}

/** The simulated Amazon Route 53 Resolver service. */
export const route53ResolverService = defineService({
  name: ROUTE53_RESOLVER_SERVICE,
  clientName: 'Route53ResolverClient',
  scope: 'regional',
  protocol: 'json',
  modeledErrors: MODELED,
  operations: {
    // --- DNS Firewall -------------------------------------------------------------------------------

    CreateFirewallDomainList: (
      ctx,
      input: CreateFirewallDomainListCommandInput,
    ): Out<CreateFirewallDomainListCommandOutput> => {
      if (!input.Name) throw ctx.error('ValidationException', 'Name is required.');
      const id = nextId(ctx, 'rslvr-fdl');
      const arn = arnOf(ctx, 'firewall-domain-list', id);
      const createdAt = ctx.clock.now();
      state(ctx).domainLists.set(id, { id, arn, name: input.Name, createdAt });
      return {
        FirewallDomainList: {
          Id: id,
          Arn: arn,
          Name: input.Name,
          DomainCount: 0,
          Status: 'COMPLETE',
          CreatorRequestId: input.CreatorRequestId,
          CreationTime: iso(createdAt),
          ModificationTime: iso(createdAt),
        },
      };
    },

    CreateFirewallRuleGroup: (
      ctx,
      input: CreateFirewallRuleGroupCommandInput,
    ): Out<CreateFirewallRuleGroupCommandOutput> => {
      if (!input.Name) throw ctx.error('ValidationException', 'Name is required.');
      const id = nextId(ctx, 'rslvr-frg');
      const g: SandboxDnsFirewallRuleGroup = {
        id,
        arn: arnOf(ctx, 'firewall-rule-group', id),
        name: input.Name,
        createdAt: ctx.clock.now(),
        creatorRequestId: input.CreatorRequestId ?? '',
        rules: new Map(),
        tags: [...(input.Tags ?? [])],
      };
      state(ctx).ruleGroups.set(id, g);
      return {
        FirewallRuleGroup: {
          Id: id,
          Arn: g.arn,
          Name: g.name,
          RuleCount: 0,
          Status: 'COMPLETE',
          OwnerId: ctx.account,
          CreatorRequestId: g.creatorRequestId,
          ShareStatus: 'NOT_SHARED',
          CreationTime: iso(g.createdAt),
          ModificationTime: iso(g.createdAt),
        },
      };
    },

    CreateFirewallRule: (
      ctx,
      input: CreateFirewallRuleCommandInput,
    ): Out<CreateFirewallRuleCommandOutput> => {
      const st = state(ctx);
      const g = st.ruleGroups.get(input.FirewallRuleGroupId ?? '');
      if (!g)
        throw ctx.error(
          'ResourceNotFoundException',
          `Rule group ${input.FirewallRuleGroupId ?? ''} not found.`,
        );
      const list = st.domainLists.get(input.FirewallDomainListId ?? '');
      if (!list)
        throw ctx.error(
          'ResourceNotFoundException',
          `Domain list ${input.FirewallDomainListId ?? ''} not found.`,
        );
      if (!['ALLOW', 'BLOCK', 'ALERT'].includes(input.Action ?? '')) {
        throw ctx.error('ValidationException', `Action ${String(input.Action)} is not valid.`);
      }
      if (!input.Name || g.rules.has(input.Name))
        throw ctx.error('ValidationException', 'Rule names must be unique.');
      g.rules.set(input.Name, {
        domainListId: list.id,
        action: input.Action!,
        priority: input.Priority ?? 0,
      });
      return {
        FirewallRule: {
          FirewallRuleGroupId: g.id,
          FirewallDomainListId: list.id,
          Name: input.Name,
          Priority: input.Priority,
          Action: input.Action,
          ...(input.BlockResponse ? { BlockResponse: input.BlockResponse } : {}),
          CreationTime: ctx.now().toISOString(),
          ModificationTime: ctx.now().toISOString(),
        },
      };
    },

    ListFirewallRuleGroups: (
      ctx,
      input: ListFirewallRuleGroupsCommandInput,
    ): Out<ListFirewallRuleGroupsCommandOutput> => {
      const { page: p, nextToken } = page(
        ctx,
        [...state(ctx).ruleGroups.values()],
        input,
        'ValidationException',
      );
      return {
        FirewallRuleGroups: p.map((g) => ({
          Id: g.id,
          Arn: g.arn,
          Name: g.name,
          OwnerId: ctx.account,
          CreatorRequestId: g.creatorRequestId,
          ShareStatus: 'NOT_SHARED',
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    AssociateFirewallRuleGroup: (
      ctx,
      input: AssociateFirewallRuleGroupCommandInput,
    ): Out<AssociateFirewallRuleGroupCommandOutput> => {
      const st = state(ctx);
      const g = st.ruleGroups.get(input.FirewallRuleGroupId ?? '');
      if (!g)
        throw ctx.error(
          'ResourceNotFoundException',
          `Rule group ${input.FirewallRuleGroupId ?? ''} not found.`,
        );
      const vpcId = requireVpc(ctx, input.VpcId);
      const priority = input.Priority ?? 0;
      if (!Number.isInteger(priority) || priority < 100 || priority > 9900) {
        throw ctx.error('ValidationException', 'Priority must be between 100 and 9900.');
      }
      for (const { a } of st.associations.values()) {
        if (a.VpcId !== vpcId) continue;
        if (a.FirewallRuleGroupId === g.id) {
          throw ctx.error('ConflictException', `Rule group ${g.id} is already associated with ${vpcId}.`);
        }
        if (a.Priority === priority) {
          throw ctx.error('ConflictException', `Priority ${priority} is already used on ${vpcId}.`);
        }
      }
      const id = nextId(ctx, 'rslvr-frgassoc');
      const createdAt = ctx.clock.now();
      const a: FirewallRuleGroupAssociation = {
        Id: id,
        Arn: arnOf(ctx, 'firewall-rule-group-association', id),
        FirewallRuleGroupId: g.id,
        VpcId: vpcId,
        Name: input.Name,
        Priority: priority,
        MutationProtection: input.MutationProtection ?? 'DISABLED',
        Status: 'COMPLETE',
        StatusMessage: 'Creating Firewall Rule Group Association',
        CreatorRequestId: input.CreatorRequestId,
        CreationTime: iso(createdAt),
        ModificationTime: iso(createdAt),
      };
      const entry = { a, createdAt };
      st.associations.set(id, entry);
      return { FirewallRuleGroupAssociation: associationView(ctx, entry) };
    },

    DisassociateFirewallRuleGroup: (
      ctx,
      input: DisassociateFirewallRuleGroupCommandInput,
    ): Out<DisassociateFirewallRuleGroupCommandOutput> => {
      const st = state(ctx);
      const entry = st.associations.get(input.FirewallRuleGroupAssociationId ?? '');
      if (!entry) throw ctx.error('ResourceNotFoundException', 'Association not found.');
      if (entry.a.MutationProtection === 'ENABLED') {
        throw ctx.error('ValidationException', 'The association has mutation protection enabled.');
      }
      st.associations.delete(entry.a.Id!);
      return { FirewallRuleGroupAssociation: { ...entry.a, Status: 'DELETING' } };
    },

    ListFirewallRuleGroupAssociations: (
      ctx,
      input: ListFirewallRuleGroupAssociationsCommandInput,
    ): Out<ListFirewallRuleGroupAssociationsCommandOutput> => {
      const all = [...state(ctx).associations.values()]
        .map((e) => associationView(ctx, e))
        .filter((a) => input.VpcId === undefined || a.VpcId === input.VpcId)
        .filter(
          (a) =>
            input.FirewallRuleGroupId === undefined || a.FirewallRuleGroupId === input.FirewallRuleGroupId,
        )
        .filter((a) => input.Priority === undefined || a.Priority === input.Priority)
        .filter((a) => input.Status === undefined || a.Status === input.Status);
      const { page: p, nextToken } = page(ctx, all, input, 'ValidationException');
      return { FirewallRuleGroupAssociations: p, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    // --- query logging ------------------------------------------------------------------------------

    CreateResolverQueryLogConfig: (
      ctx,
      input: CreateResolverQueryLogConfigCommandInput,
    ): Out<CreateResolverQueryLogConfigCommandOutput> => {
      if (!input.Name)
        throw ctx.error('InvalidParameterException', 'Name is required.', { fields: { FieldName: 'Name' } });
      const st = state(ctx);
      if (
        [...st.queryLogConfigs.values()].some(
          (c) => c.CreatorRequestId === input.CreatorRequestId && input.CreatorRequestId,
        )
      ) {
        throw ctx.error('ResourceExistsException', 'A configuration with this CreatorRequestId exists.');
      }
      const id = nextId(ctx, 'rqlc');
      const config: ResolverQueryLogConfig = {
        Id: id,
        OwnerId: ctx.account,
        Status: 'CREATED',
        ShareStatus: 'NOT_SHARED',
        AssociationCount: 0,
        Arn: arnOf(ctx, 'resolver-query-log-config', id),
        Name: input.Name,
        DestinationArn: checkDestination(ctx, input.DestinationArn),
        CreatorRequestId: input.CreatorRequestId,
        CreationTime: ctx.now().toISOString(),
      };
      st.queryLogConfigs.set(id, config);
      return { ResolverQueryLogConfig: { ...config } };
    },

    ListResolverQueryLogConfigs: (
      ctx,
      input: ListResolverQueryLogConfigsCommandInput,
    ): Out<ListResolverQueryLogConfigsCommandOutput> => {
      const st = state(ctx);
      const all = [...st.queryLogConfigs.values()].map((c) => ({
        ...c,
        AssociationCount: [...st.queryLogAssociations.values()].filter(
          (e) => e.a.ResolverQueryLogConfigId === c.Id,
        ).length,
      }));
      const filtered = applyFilters(ctx, all, input.Filters, (c) => ({
        Id: c.Id,
        Name: c.Name,
        DestinationArn: c.DestinationArn,
        OwnerId: c.OwnerId,
        Status: c.Status,
        ShareStatus: c.ShareStatus,
        CreatorRequestId: c.CreatorRequestId,
      }));
      const { page: p, nextToken } = page(ctx, filtered, input, 'InvalidParameterException');
      return {
        TotalCount: all.length,
        TotalFilteredCount: filtered.length,
        ResolverQueryLogConfigs: p,
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    AssociateResolverQueryLogConfig: (
      ctx,
      input: AssociateResolverQueryLogConfigCommandInput,
    ): Out<AssociateResolverQueryLogConfigCommandOutput> => {
      const st = state(ctx);
      const config = st.queryLogConfigs.get(input.ResolverQueryLogConfigId ?? '');
      if (!config) {
        throw ctx.error(
          'ResourceNotFoundException',
          `Query log config ${input.ResolverQueryLogConfigId ?? ''} not found.`,
        );
      }
      const vpcId = requireVpc(ctx, input.ResourceId);
      for (const { a } of st.queryLogAssociations.values()) {
        if (a.ResolverQueryLogConfigId === config.Id && a.ResourceId === vpcId) {
          throw ctx.error('InvalidRequestException', `${vpcId} is already associated with ${config.Id}.`);
        }
      }
      const id = nextId(ctx, 'rqlca');
      const createdAt = ctx.clock.now();
      const a: ResolverQueryLogConfigAssociation = {
        Id: id,
        ResolverQueryLogConfigId: config.Id,
        ResourceId: vpcId,
        Status: 'ACTIVE',
        Error: 'NONE',
        ErrorMessage: '',
        CreationTime: iso(createdAt),
      };
      const entry = { a, createdAt };
      st.queryLogAssociations.set(id, entry);
      return { ResolverQueryLogConfigAssociation: queryLogAssociationView(ctx, entry) };
    },

    DisassociateResolverQueryLogConfig: (
      ctx,
      input: DisassociateResolverQueryLogConfigCommandInput,
    ): Out<DisassociateResolverQueryLogConfigCommandOutput> => {
      const st = state(ctx);
      for (const [id, e] of st.queryLogAssociations) {
        if (
          e.a.ResolverQueryLogConfigId === input.ResolverQueryLogConfigId &&
          e.a.ResourceId === input.ResourceId
        ) {
          st.queryLogAssociations.delete(id);
          return { ResolverQueryLogConfigAssociation: { ...e.a, Status: 'DELETING' } };
        }
      }
      throw ctx.error('ResourceNotFoundException', 'Association not found.');
    },

    ListResolverQueryLogConfigAssociations: (
      ctx,
      input: ListResolverQueryLogConfigAssociationsCommandInput,
    ): Out<ListResolverQueryLogConfigAssociationsCommandOutput> => {
      const all = [...state(ctx).queryLogAssociations.values()].map((e) => queryLogAssociationView(ctx, e));
      const filtered = applyFilters(ctx, all, input.Filters, (a) => ({
        Id: a.Id,
        ResolverQueryLogConfigId: a.ResolverQueryLogConfigId,
        ResourceId: a.ResourceId,
        Status: a.Status,
        Error: a.Error,
      }));
      const { page: p, nextToken } = page(ctx, filtered, input, 'InvalidParameterException');
      return {
        TotalCount: all.length,
        TotalFilteredCount: filtered.length,
        ResolverQueryLogConfigAssociations: p,
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  },
});
