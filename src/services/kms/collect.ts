/**
 * KMS collector (region scope): the customer managed keys of the account-Regions that hold the SRA's
 * central log keys.
 *
 * Which keys are central is known before account collectors run: the KMS keys of the organization
 * trails (CloudTrail organization slice). In an account and Region holding such a key, every customer
 * managed key is read (the key account of the SRA keeps the trail, Config and finding-export keys
 * together); elsewhere nothing is read. Per key: `DescribeKey` (manager, state, spec, pending deletion),
 * and for customer managed keys `GetKeyPolicy` and, for symmetric keys not pending deletion,
 * `GetKeyRotationStatus`. Keys are listed with `ListKeys` (up to 1,000 a page, `Marker`/`Truncated`).
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html (symmetric
 *   encryption keys only)
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
 *
 * {@link readSraKeys} (called by the S3 collector where sra-kit's log buckets live) lists the aliases
 * (`ListAliases`, up to 100 a page) to find the keys sra-kit names (`alias/sra-…`, e.g. the log
 * archive's `alias/sra-logs`) and reads them like central keys, plus their tags (`ListResourceTags`), so
 * `sra plan` can tell whether the key exists, whether sra-kit made it and whether it drifted.
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  type DescribeKeyCommandOutput,
  type ListAliasesCommandOutput,
  type ListResourceTagsCommandOutput,
  type GetKeyPolicyCommandOutput,
  type GetKeyRotationStatusCommandOutput,
  type ListKeysCommandOutput,
} from '@aws-sdk/client-kms';
import { defineCollector, type CollectContext, type Datum } from '../../observe/types.js';
import { orgTrailKeys } from '../cloudtrail/collect.js';
import { mapDatum, ok } from '../s3/datum.js';

/** Id of the KMS collector. */
export const KMS = 'kms';

/** Most keys read in one account and Region. */
export const MAX_KEYS = 200;

/** A customer managed key with the settings the controls read. */
export interface KmsKeyInfo {
  /** Key ARN. */
  arn: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, … */
  state: string;
  /** `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, … */
  keySpec: string;
  /** `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
  origin: string;
  /** Scheduled deletion date (ISO 8601), when pending deletion. */
  deletionDate?: string;
  /** Automatic rotation; absent when it does not apply (asymmetric, HMAC, imported, pending deletion). */
  rotation?: Datum<{ enabled: boolean; periodDays?: number }>;
  /** The `default` key policy document. */
  policy: Datum<string>;
}

/** One key of the account-Region: its details, or why they could not be read. */
export type KmsKeyEntry = { arn: string; describe: Datum<'customer' | 'aws'>; key?: KmsKeyInfo };

/** Region-scope slice of KMS. */
export interface KmsSlice {
  /** Central key ARNs (organization trail keys) that live in this account and Region. */
  centralKeys: string[];
  /** Keys of the account-Region; absent when it holds no central key (nothing read). */
  keys?: Datum<KmsKeyEntry[]>;
  /** True when the account-Region had more than {@link MAX_KEYS} keys and some were not read. */
  truncated?: boolean;
}

/** Alias prefix of the keys sra-kit creates. */
export const SRA_ALIAS_PREFIX = 'alias/sra-';

/** A key behind one of sra-kit's aliases. */
export interface SraKeyInfo {
  /** Alias name, e.g. `alias/sra-logs`. */
  alias: string;
  /** Key ARN. */
  arn: string;
  /**
   * The key's details, as for central keys; absent when the key is a central key (organization trail
   * key), whose details the KMS collector's `keys` hold (each key is read once).
   */
  entry?: KmsKeyEntry;
  /** The key's tags. */
  tags: Datum<Record<string, string>>;
}

/** `{ account, region }` of a KMS key ARN, or undefined for a key id or alias. */
export function keyLocation(arn: string): { account: string; region: string } | undefined {
  const m = /^arn:aws[\w-]*:kms:([a-z0-9-]+):(\d{12}):key\/.+$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]! } : undefined;
}

/** Reads one key: DescribeKey, then policy and (where it applies) rotation of a customer managed key. */
export async function readKey(ctx: CollectContext, arn: string): Promise<KmsKeyEntry> {
  const described = await ctx.read<DescribeKeyCommandOutput>(
    KMSClient,
    new DescribeKeyCommand({ KeyId: arn }),
  );
  if (!described.ok) return { arn, describe: described };
  const m = described.value.KeyMetadata;
  if (m?.KeyManager !== 'CUSTOMER') return { arn, describe: ok('aws') };
  const state = m.KeyState ?? 'Unknown';
  const keySpec = m.KeySpec ?? m.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const origin = m.Origin ?? 'AWS_KMS';
  const rotatable = keySpec === 'SYMMETRIC_DEFAULT' && origin === 'AWS_KMS' && state !== 'PendingDeletion';
  const [rotation, policy] = await Promise.all([
    rotatable
      ? ctx.read<GetKeyRotationStatusCommandOutput>(
          KMSClient,
          new GetKeyRotationStatusCommand({ KeyId: arn }),
        )
      : undefined,
    ctx.read<GetKeyPolicyCommandOutput>(
      KMSClient,
      new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }),
    ),
  ]);
  const deletion = m.DeletionDate as Date | string | undefined;
  return {
    arn,
    describe: ok('customer'),
    key: {
      arn: m.Arn ?? arn,
      state,
      keySpec,
      origin,
      ...(deletion
        ? { deletionDate: deletion instanceof Date ? deletion.toISOString() : String(deletion) }
        : {}),
      ...(rotation
        ? {
            rotation: mapDatum(rotation, (r) => ({
              enabled: r.KeyRotationEnabled === true,
              ...(r.RotationPeriodInDays !== undefined ? { periodDays: r.RotationPeriodInDays } : {}),
            })),
          }
        : {}),
      policy: mapDatum(policy, (p) => p.Policy ?? ''),
    },
  };
}

/**
 * Keys behind sra-kit's aliases in the caller's account and Region, with their tags; the details of keys
 * in `central` (read by the KMS collector) are not read again. Used by the S3 collector where sra-kit's
 * log buckets live.
 */
export async function readSraKeys(
  ctx: CollectContext,
  central: ReadonlySet<string>,
): Promise<Datum<SraKeyInfo[]>> {
  const aliases = await ctx.readAll(
    KMSClient,
    (cursor) => new ListAliasesCommand({ Limit: 100, ...cursor }),
    (page: ListAliasesCommandOutput) => page.Aliases,
  );
  if (!aliases.ok) return aliases;
  const ours = aliases.value.filter((a) => a.AliasName?.startsWith(SRA_ALIAS_PREFIX) && a.TargetKeyId);
  const out = await Promise.all(
    ours.map(async (a): Promise<SraKeyInfo> => {
      const arn = `arn:aws:kms:${ctx.region}:${ctx.account}:key/${a.TargetKeyId!}`;
      const [entry, tags] = await Promise.all([
        central.has(arn) ? undefined : readKey(ctx, arn),
        ctx.read<ListResourceTagsCommandOutput>(
          KMSClient,
          new ListResourceTagsCommand({ KeyId: arn, Limit: 50 }),
        ),
      ]);
      return {
        alias: a.AliasName!,
        arn,
        ...(entry ? { entry } : {}),
        tags: mapDatum(tags, (t) =>
          Object.fromEntries((t.Tags ?? []).map((x) => [x.TagKey ?? '', x.TagValue ?? ''])),
        ),
      };
    }),
  );
  return ok(out);
}

/** Reads the customer managed keys of account-Regions that hold a central log key. */
export const kmsCollector = defineCollector<KmsSlice>({
  id: KMS,
  scope: 'region',
  reads: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:GetKeyPolicy'],
  async collect(ctx) {
    const centralKeys = orgTrailKeys(ctx.organization).filter((arn) => {
      const at = keyLocation(arn);
      return at?.account === ctx.account && at.region === ctx.region;
    });
    return readCentralKeys(ctx, centralKeys);
  },
});

/** Reads every customer managed key of an account-Region holding central keys (nothing otherwise). */
async function readCentralKeys(ctx: CollectContext, centralKeys: string[]): Promise<KmsSlice> {
  if (centralKeys.length === 0) return { centralKeys };
  const listed = await ctx.readAll(
    KMSClient,
    (cursor) => new ListKeysCommand({ Limit: 1000, ...cursor }),
    (page: ListKeysCommandOutput) => page.Keys,
  );
  if (!listed.ok) return { centralKeys, keys: listed };
  const arns = listed.value.flatMap((k) => (k.KeyArn ? [k.KeyArn] : []));
  // Central keys first, so the cap never drops them.
  arns.sort((a, b) => Number(centralKeys.includes(b)) - Number(centralKeys.includes(a)));
  const picked = arns.slice(0, MAX_KEYS);
  const keys = await Promise.all(picked.map((arn) => readKey(ctx, arn)));
  return {
    centralKeys,
    // AWS managed keys are rotated by AWS and governed by AWS; only customer keys are kept.
    keys: ok(keys.filter((k) => !(k.describe.ok && k.describe.value === 'aws'))),
    ...(arns.length > picked.length ? { truncated: true } : {}),
  };
}
