/**
 * The {@link CollectContext} given to collectors: reads go through the access layer (limits, retries,
 * assume-role) and every failure becomes a {@link DataError} instead of an exception.
 */
import { isAwsCallError } from '../aws/errors.js';
import { collectAll } from '../aws/paginate.js';
import { callName, type AwsAccess, type AwsClientCtor, type AwsSdkClient } from '../aws/access.js';
import type { AccountInfo, CollectContext, DataError, Datum, SdkClientClass, SdkCommand } from './types.js';

/** Inputs of {@link createCollectContext}. */
export interface CollectContextInit {
  access: AwsAccess;
  account: string;
  region: string;
  homeRegion: string;
  governedRegions: readonly string[];
  managementAccountId: string;
  organization: Readonly<Record<string, unknown>>;
  accounts: readonly AccountInfo[];
  /** Called once per read, for statistics (`service:Operation`). */
  onRead?: (operation: string) => void;
}

/** Turns a failure of one read into a {@link DataError}; rethrows anything that is not an AWS error. */
export function toDataError(e: unknown, account: string, region: string, operation: string): DataError {
  if (isAwsCallError(e)) {
    return {
      kind: e.kind,
      message: e.message,
      account,
      region,
      operation,
      ...(e.awsErrorName ? { awsErrorName: e.awsErrorName } : {}),
    };
  }
  if (e instanceof Error && e.name === 'PaginationError') {
    return { kind: 'service', message: e.message, account, region, operation };
  }
  throw e;
}

/** Creates the context a collector runs with for one account (and Region). */
export function createCollectContext(init: CollectContextInit): CollectContext {
  const { access } = init;
  const opName = (Client: SdkClientClass, command: object, region: string): string => {
    const client = access.client(Client as unknown as AwsClientCtor<AwsSdkClient>, {
      account: init.account,
      region,
    });
    return callName(Client, client, command);
  };
  return {
    account: init.account,
    region: init.region,
    homeRegion: init.homeRegion,
    governedRegions: init.governedRegions,
    managementAccountId: init.managementAccountId,
    organization: init.organization,
    accounts: init.accounts,
    sleep: (ms) => access.sleep(ms),
    async read<O>(
      Client: SdkClientClass,
      command: SdkCommand<O>,
      options?: { region?: string },
    ): Promise<Datum<O>> {
      const region = options?.region ?? init.region;
      const operation = opName(Client, command, region);
      init.onRead?.(operation);
      try {
        const value = (await access.send(
          Client as unknown as AwsClientCtor<AwsSdkClient>,
          { account: init.account, region },
          command as never,
        )) as O;
        return { ok: true, value: toPlain(value) };
      } catch (e) {
        return { ok: false, error: toDataError(e, init.account, region, operation) };
      }
    },
    async readAll<O extends object, T>(
      Client: SdkClientClass,
      makeCommand: (cursor: Readonly<Record<string, string>>) => SdkCommand<O>,
      items: (page: O) => readonly T[] | undefined,
      options?: { region?: string },
    ): Promise<Datum<T[]>> {
      const region = options?.region ?? init.region;
      const operation = opName(Client, makeCommand({}), region);
      try {
        const value = await collectAll(
          (cursor) => {
            init.onRead?.(operation);
            return access.send(
              Client as unknown as AwsClientCtor<AwsSdkClient>,
              { account: init.account, region },
              makeCommand(cursor) as never,
            ) as Promise<O>;
          },
          items,
          { operation, where: { account: init.account, region } },
        );
        return { ok: true, value: toPlain(value) };
      } catch (e) {
        return { ok: false, error: toDataError(e, init.account, region, operation) };
      }
    },
  };
}

/**
 * Drops the SDK's `$metadata` and turns every `Date` into its ISO string, so a slice is plain JSON and
 * an inventory saved with `--save` evaluates exactly like the one in memory.
 */
export function toPlain<O>(value: O): O {
  if (value instanceof Date) return value.toISOString() as O;
  if (Array.isArray(value)) return value.map((v) => toPlain(v)) as O;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      out[k] = toPlain(v);
    }
    return out as O;
  }
  return value;
}
