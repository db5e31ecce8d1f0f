/**
 * AWS Systems Manager in the sandbox: the account-level service settings (notably the block on public
 * sharing of SSM documents) and SSM documents with their sharing permissions — what Security Hub
 * SSM.4 (no public documents) and SSM.7 (public sharing blocked) read.
 *
 * A new account has, in every Region, the public-sharing setting at its AWS default `Enable` (documents
 * may be shared publicly), no documents of its own, and sees a few AWS-owned documents.
 *
 * Documentation followed:
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetServiceSetting.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateServiceSetting.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ResetServiceSetting.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListDocuments.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DocumentKeyValuesFilter.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeDocumentPermission.html
 * - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ModifyDocumentPermission.html
 * - https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html
 *   (block public sharing; at most five publicly shared documents per Region)
 *
 * Not simulated: document content schemas (content only has to be valid JSON or YAML text), document
 * versions beyond `1`, and the reserved name prefixes (`aws`, `amazon`, `amzn`). AWS does not document
 * the error code of sharing a document publicly while public sharing is blocked; the sandbox answers
 * `InvalidPermissionType`.
 */
import type {
  CreateDocumentCommandInput,
  DocumentFormat,
  DocumentType,
  PlatformType,
  CreateDocumentCommandOutput,
  DeleteDocumentCommandInput,
  DescribeDocumentPermissionCommandInput,
  DescribeDocumentPermissionCommandOutput,
  DocumentIdentifier,
  DocumentKeyValuesFilter,
  GetServiceSettingCommandInput,
  GetServiceSettingCommandOutput,
  ListDocumentsCommandInput,
  ListDocumentsCommandOutput,
  ModifyDocumentPermissionCommandInput,
  ResetServiceSettingCommandInput,
  ResetServiceSettingCommandOutput,
  ServiceSetting,
  UpdateServiceSettingCommandInput,
} from '@aws-sdk/client-ssm';
import {
  DocumentAlreadyExists,
  DocumentLimitExceeded,
  DocumentPermissionLimit,
  InvalidDocument,
  InvalidDocumentContent,
  InvalidFilterKey,
  InvalidFilterValue,
  InvalidNextToken,
  InvalidPermissionType,
  ServiceSettingNotFound,
  ValidationException,
} from '@aws-sdk/client-ssm';
import type { ServiceException } from '@smithy/smithy-client';
import { defineService, type CallContext } from '../core/service.js';
import type { ModeledExceptionClass } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import type { SandboxWorld } from '../core/state.js';

type Out<T> = Omit<T, '$metadata'>;

/** Service key of Systems Manager in the sandbox (its IAM action prefix). */
export const SSM_SERVICE = 'ssm';

/** The setting that blocks (`Disable`) or allows (`Enable`) public sharing of SSM documents. */
export const PUBLIC_SHARING_SETTING = '/ssm/documents/console/public-sharing-permission';

/** Settings the sandbox knows, with their AWS defaults and allowed values (undefined: any). */
const SETTINGS: Readonly<Record<string, { default: string; values?: readonly string[] }>> = {
  [PUBLIC_SHARING_SETTING]: { default: 'Enable', values: ['Enable', 'Disable'] },
  '/ssm/parameter-store/default-parameter-tier': {
    default: 'Standard',
    values: ['Standard', 'Advanced', 'Intelligent-Tiering'],
  },
  '/ssm/parameter-store/high-throughput-enabled': { default: 'false', values: ['true', 'false'] },
  '/ssm/managed-instance/activation-tier': { default: 'standard', values: ['standard', 'advanced'] },
  '/ssm/opsinsights/opscenter': { default: 'Disabled', values: ['Enabled', 'Disabled'] },
};

/** At most five documents may be shared publicly per account and Region. */
const MAX_PUBLIC_DOCUMENTS = 5;
/** At most 20 account ids per ModifyDocumentPermission call. */
const MAX_ACCOUNTS_PER_CALL = 20;
/** At most 500 documents per account and Region (DocumentLimitExceeded). */
const MAX_DOCUMENTS = 500;

const NAME = /^[a-zA-Z0-9_\-.]{3,128}$/;

/** AWS-owned documents every account sees (a small, representative set). */
const AMAZON_DOCUMENTS: readonly DocumentIdentifier[] = (
  [
    ['AWS-RunShellScript', 'Command', ['Linux', 'MacOS']],
    ['AWS-RunPowerShellScript', 'Command', ['Windows', 'Linux']],
    ['AWS-UpdateSSMAgent', 'Command', ['Windows', 'Linux', 'MacOS']],
    ['AWS-StartPortForwardingSession', 'Session', ['Windows', 'Linux']],
  ] as const
).map(([Name, DocumentType, platforms]) => ({
  Name,
  DocumentType,
  PlatformTypes: [...platforms] as PlatformType[],
  Owner: 'Amazon',
  DocumentFormat: 'JSON',
  DocumentVersion: '1',
  SchemaVersion: '2.2',
}));

/** One SSM document of an account. */
export interface SandboxDocument {
  /** Document name (unique per account and Region). */
  name: string;
  /** Command, Automation, Session, … */
  type: DocumentType;
  /** JSON, YAML or TEXT. */
  format: DocumentFormat;
  /** The document body. */
  content: string;
  /** Creation time (epoch ms). */
  createdAt: number;
  /** Accounts it is shared with; `all` means public. */
  sharedWith: Set<string>;
}

/** Systems Manager state of one account in one Region. */
export interface SsmRegionState {
  /** Changed service settings (absent: the AWS default). */
  settings: Map<string, { value: string; modifiedAt: number; modifiedBy: string }>;
  /** Documents owned by the account, by name. */
  documents: Map<string, SandboxDocument>;
}

function initState(): SsmRegionState {
  return { settings: new Map(), documents: new Map() };
}

/** Systems Manager state of `account` in `region` (created empty on first use). */
export function ssmRegion(world: SandboxWorld, account: string, region: string): SsmRegionState {
  return world.regional(SSM_SERVICE, account, region, initState);
}

/** The value of the public-sharing setting of `account` in `region` (`Enable` by default). */
export function publicSharingPermission(world: SandboxWorld, account: string, region: string): string {
  return ssmRegion(world, account, region).settings.get(PUBLIC_SHARING_SETTING)?.value ?? 'Enable';
}

const MODELED: Readonly<Record<string, ModeledExceptionClass<ServiceException>>> = {
  DocumentAlreadyExists,
  DocumentLimitExceeded,
  DocumentPermissionLimit,
  InvalidDocument,
  InvalidDocumentContent,
  InvalidFilterKey,
  InvalidFilterValue,
  InvalidNextToken,
  InvalidPermissionType,
  ServiceSettingNotFound,
  ValidationException,
};

function state(ctx: CallContext): SsmRegionState {
  return ctx.regional(initState);
}

/** The setting id of a request, which may also be given as the setting's ARN. */
function settingId(ctx: CallContext, raw: string | undefined): string {
  const id = (raw ?? '').replace(/^arn:aws[\w-]*:ssm:[a-z0-9-]+:\d{12}:servicesetting/, '');
  if (!SETTINGS[id]) {
    throw ctx.error('ServiceSettingNotFound', `ServiceSetting ${raw ?? ''} not found.`);
  }
  return id;
}

function settingShape(ctx: CallContext, id: string): ServiceSetting {
  const changed = state(ctx).settings.get(id);
  return {
    SettingId: id,
    SettingValue: changed?.value ?? SETTINGS[id]!.default,
    ARN: `arn:${ctx.world.partition}:ssm:${ctx.region}:${ctx.account}:servicesetting${id}`,
    Status: changed ? 'Customized' : 'Default',
    LastModifiedDate: new Date(changed?.modifiedAt ?? 0),
    LastModifiedUser: changed?.modifiedBy ?? 'System',
  };
}

function ownDocument(ctx: CallContext, name: string | undefined): SandboxDocument {
  const doc = state(ctx).documents.get(name ?? '');
  if (!doc) throw ctx.error('InvalidDocument', `Document with name ${name ?? ''} does not exist.`);
  return doc;
}

function identifier(owner: string, d: SandboxDocument): DocumentIdentifier {
  return {
    Name: d.name,
    Owner: owner,
    DocumentType: d.type,
    DocumentFormat: d.format,
    DocumentVersion: '1',
    SchemaVersion: '2.2',
    CreatedDate: new Date(d.createdAt),
  };
}

/** Documents of other accounts in the caller's Region that match `shared` (public or shared with the caller). */
function sharedDocuments(ctx: CallContext, shared: (d: SandboxDocument) => boolean): DocumentIdentifier[] {
  const out: DocumentIdentifier[] = [];
  for (const slice of ctx.world.slices<SsmRegionState>(SSM_SERVICE)) {
    if (slice.region !== ctx.region || slice.account === ctx.account) continue;
    for (const d of slice.state.documents.values()) if (shared(d)) out.push(identifier(slice.account, d));
  }
  return out;
}

/** Owner filter values of ListDocuments. */
const OWNER_VALUES = ['Self', 'Amazon', 'Private', 'Public', 'All', 'ThirdParty'];

function listedDocuments(
  ctx: CallContext,
  filters: readonly DocumentKeyValuesFilter[],
): DocumentIdentifier[] {
  const own = [...state(ctx).documents.values()].map((d) => identifier(ctx.account, d));
  const privately = () => sharedDocuments(ctx, (d) => d.sharedWith.has(ctx.account));
  let owners: string[] = ['All'];
  const rest: DocumentKeyValuesFilter[] = [];
  for (const f of filters) {
    if (f.Key === 'Owner') {
      const values = f.Values ?? [];
      const bad = values.find((v) => !OWNER_VALUES.includes(v));
      if (bad !== undefined)
        throw ctx.error('InvalidFilterValue', `Invalid value ${bad} for filter key Owner.`);
      owners = values;
    } else if (f.Key === 'DocumentType' || f.Key === 'Name' || f.Key === 'PlatformTypes') {
      rest.push(f);
    } else {
      throw ctx.error(
        'InvalidFilterKey',
        `Filter key ${String(f.Key)} is not supported by the sra-kit sandbox.`,
      );
    }
  }
  const seen = new Map<string, DocumentIdentifier>();
  const add = (docs: DocumentIdentifier[]) => {
    for (const d of docs) seen.set(`${d.Owner}/${d.Name}`, d);
  };
  for (const o of owners) {
    if (o === 'Self') add(own);
    if (o === 'Amazon') add([...AMAZON_DOCUMENTS]);
    if (o === 'Private') add(privately());
    if (o === 'Public') add(sharedDocuments(ctx, (d) => d.sharedWith.has('all')));
    if (o === 'All') add([...own, ...AMAZON_DOCUMENTS, ...privately()]);
  }
  return [...seen.values()].filter((d) =>
    rest.every((f) => {
      const values = f.Values ?? [];
      if (f.Key === 'DocumentType') return values.includes(d.DocumentType ?? '');
      if (f.Key === 'Name') return values.some((v) => (d.Name ?? '').startsWith(v));
      return values.some((v) => (d.PlatformTypes ?? []).includes(v as never));
    }),
  );
}

/** The simulated AWS Systems Manager service. */
export const ssmService = defineService({
  name: SSM_SERVICE,
  clientName: 'SSMClient',
  scope: 'regional',
  protocol: 'json',
  modeledErrors: MODELED,
  operations: {
    GetServiceSetting: (ctx, input: GetServiceSettingCommandInput): Out<GetServiceSettingCommandOutput> => ({
      ServiceSetting: settingShape(ctx, settingId(ctx, input.SettingId)),
    }),

    UpdateServiceSetting: (ctx, input: UpdateServiceSettingCommandInput): Record<string, never> => {
      const id = settingId(ctx, input.SettingId);
      const allowed = SETTINGS[id]!.values;
      const value = input.SettingValue ?? '';
      if (allowed && !allowed.includes(value)) {
        throw ctx.error(
          'ValidationException',
          `Invalid value ${value} for ${id}; valid values: ${allowed.join(', ')}.`,
        );
      }
      state(ctx).settings.set(id, { value, modifiedAt: ctx.clock.now(), modifiedBy: ctx.principal.arn });
      return {};
    },

    ResetServiceSetting: (
      ctx,
      input: ResetServiceSettingCommandInput,
    ): Out<ResetServiceSettingCommandOutput> => {
      const id = settingId(ctx, input.SettingId);
      state(ctx).settings.delete(id);
      return { ServiceSetting: settingShape(ctx, id) };
    },

    CreateDocument: (ctx, input: CreateDocumentCommandInput): Out<CreateDocumentCommandOutput> => {
      const name = input.Name ?? '';
      if (!NAME.test(name)) {
        throw ctx.error('ValidationException', `Document name ${name} must match ${NAME.source}.`);
      }
      const st = state(ctx);
      if (st.documents.has(name))
        throw ctx.error('DocumentAlreadyExists', 'Document with same name already exists.');
      if (st.documents.size >= MAX_DOCUMENTS) {
        throw ctx.error(
          'DocumentLimitExceeded',
          `You can have at most ${MAX_DOCUMENTS} active SSM documents.`,
        );
      }
      const format = input.DocumentFormat ?? 'JSON';
      const content = input.Content ?? '';
      if (!content.trim())
        throw ctx.error('InvalidDocumentContent', 'The content for the document is not valid.');
      if (format === 'JSON') {
        try {
          JSON.parse(content);
        } catch {
          throw ctx.error('InvalidDocumentContent', 'The content for the document is not valid JSON.');
        }
      }
      const doc: SandboxDocument = {
        name,
        type: input.DocumentType ?? 'Command',
        format,
        content,
        createdAt: ctx.clock.now(),
        sharedWith: new Set(),
      };
      st.documents.set(name, doc);
      return {
        DocumentDescription: {
          Name: name,
          Owner: ctx.account,
          DocumentType: doc.type,
          DocumentFormat: doc.format,
          DocumentVersion: '1',
          LatestVersion: '1',
          DefaultVersion: '1',
          SchemaVersion: '2.2',
          Status: 'Active',
          CreatedDate: new Date(doc.createdAt),
        },
      };
    },

    DeleteDocument: (ctx, input: DeleteDocumentCommandInput): Record<string, never> => {
      const doc = ownDocument(ctx, input.Name);
      state(ctx).documents.delete(doc.name);
      return {};
    },

    ListDocuments: (ctx, input: ListDocumentsCommandInput): Out<ListDocumentsCommandOutput> => {
      const docs = listedDocuments(ctx, [
        ...(input.Filters ?? []),
        // The older filter list has the same keys, one value each.
        ...(input.DocumentFilterList ?? []).map((f) => ({ Key: f.key ?? '', Values: [f.value ?? ''] })),
      ]);
      // MaxResults 1–50.
      try {
        const { page, nextToken } = paginate(ctx, docs, {
          maxResults: input.MaxResults,
          nextToken: input.NextToken,
          defaultMax: 50,
          limit: 50,
          errorName: 'ValidationException',
        });
        return { DocumentIdentifiers: page, ...(nextToken ? { NextToken: nextToken } : {}) };
      } catch (e) {
        if (input.NextToken !== undefined)
          throw ctx.error('InvalidNextToken', 'The specified token is not valid.');
        throw e;
      }
    },

    DescribeDocumentPermission: (
      ctx,
      input: DescribeDocumentPermissionCommandInput,
    ): Out<DescribeDocumentPermissionCommandOutput> => {
      if (input.PermissionType !== 'Share') {
        throw ctx.error(
          'InvalidPermissionType',
          'The permission type is not supported. Share is the only supported permission type.',
        );
      }
      const doc = ownDocument(ctx, input.Name);
      const ids = [...doc.sharedWith].sort();
      const { page, nextToken } = paginate(ctx, ids, {
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
        defaultMax: 200,
        limit: 200,
        errorName: 'ValidationException',
      });
      return {
        AccountIds: page,
        AccountSharingInfoList: page.map((AccountId) => ({ AccountId, SharedDocumentVersion: '1' })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    ModifyDocumentPermission: (ctx, input: ModifyDocumentPermissionCommandInput): Record<string, never> => {
      if (input.PermissionType !== 'Share') {
        throw ctx.error(
          'InvalidPermissionType',
          'The permission type is not supported. Share is the only supported permission type.',
        );
      }
      const doc = ownDocument(ctx, input.Name);
      const norm = (ids: string[] | undefined) =>
        (ids ?? []).map((id) => (id.toLowerCase() === 'all' ? 'all' : id));
      const add = norm(input.AccountIdsToAdd);
      const remove = norm(input.AccountIdsToRemove);
      const badId = [...add, ...remove].find((id) => id !== 'all' && !/^\d{12}$/.test(id));
      if (badId !== undefined) throw ctx.error('ValidationException', `Invalid account id ${badId}.`);
      if (add.length > MAX_ACCOUNTS_PER_CALL || remove.length > MAX_ACCOUNTS_PER_CALL) {
        throw ctx.error(
          'DocumentPermissionLimit',
          `You can specify a maximum of ${MAX_ACCOUNTS_PER_CALL} accounts per call.`,
        );
      }
      // Removal wins over addition for an id given in both lists.
      const toAdd = add.filter((id) => !remove.includes(id));
      if (toAdd.includes('all') && !doc.sharedWith.has('all')) {
        if (publicSharingPermission(ctx.world, ctx.account, ctx.region) === 'Disable') {
          throw ctx.error(
            'InvalidPermissionType',
            'Public sharing of documents is blocked for this account and Region.',
          );
        }
        const publicCount = [...state(ctx).documents.values()].filter((d) => d.sharedWith.has('all')).length;
        if (publicCount >= MAX_PUBLIC_DOCUMENTS) {
          throw ctx.error(
            'DocumentPermissionLimit',
            `You can publicly share up to ${MAX_PUBLIC_DOCUMENTS} documents.`,
          );
        }
      }
      for (const id of remove) doc.sharedWith.delete(id);
      for (const id of toAdd) doc.sharedWith.add(id);
      return {};
    },
  },
});
