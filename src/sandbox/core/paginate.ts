/**
 * Token pagination as AWS list APIs do it: an opaque token, a page size capped by the API's
 * documented maximum, and an error for a token the service did not issue.
 */
import type { CallContext } from './service.js';

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /** Requested page size (the API's MaxResults). */
  maxResults: number | undefined;
  /** Token from the previous page. */
  nextToken: string | undefined;
  /** Page size when none is requested. */
  defaultMax: number;
  /** Largest page size the API accepts; larger requests fail validation. */
  limit: number;
  /** Error name for a bad token or page size. @default 'InvalidInputException' */
  errorName?: string;
}

/** Returns one page of `items` and the token of the next page (undefined on the last page). */
export function paginate<T>(
  ctx: CallContext,
  items: readonly T[],
  options: PaginateOptions,
): { page: T[]; nextToken: string | undefined } {
  const errorName = options.errorName ?? 'InvalidInputException';
  const size = options.maxResults ?? options.defaultMax;
  if (!Number.isInteger(size) || size < 1 || size > options.limit) {
    throw ctx.error(errorName, `MaxResults must be between 1 and ${options.limit}.`, { status: 400 });
  }
  let start = 0;
  if (options.nextToken !== undefined) {
    const m = /^sbx-page-(\d+)$/.exec(Buffer.from(options.nextToken, 'base64url').toString('utf8'));
    if (!m) throw ctx.error(errorName, 'The NextToken value is not valid.', { status: 400 });
    start = Number(m[1]);
  }
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? start + size : undefined;
  return {
    page,
    nextToken: next === undefined ? undefined : Buffer.from(`sbx-page-${next}`).toString('base64url'),
  };
}
