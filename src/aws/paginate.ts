/**
 * Collecting every page of an AWS list call. Prefer the SDK's own `paginateXxx` helpers where a
 * service has them (they know each operation's token fields); this helper is for the rest, and for
 * code that wants one shape for all services.
 *
 * AWS uses four token conventions, told apart by the field the response carries:
 * | response field          | request field       | e.g.                                   |
 * |-------------------------|---------------------|----------------------------------------|
 * | `NextToken`             | `NextToken`         | Organizations, Config, Security Hub    |
 * | `nextToken`             | `nextToken`         | GuardDuty, Inspector2, Macie2          |
 * | `NextContinuationToken` | `ContinuationToken` | S3 ListObjectsV2                       |
 * | `NextMarker` / `Marker` | `Marker`            | KMS, IAM (with `Truncated`/`IsTruncated`) |
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html (Marker + IsTruncated)
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html (NextMarker + Truncated)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html (NextContinuationToken)
 */
import { SraError, type ErrorLocation } from '../errors.js';

/** The token part of the next request, to spread into its input: `{ NextToken: '…' }`, `{ Marker: '…' }`. */
export type PageCursor = Readonly<Record<string, string>>;

/** Response field → request field, in the order they are looked for. */
const TOKEN_FIELDS: ReadonlyArray<readonly [response: string, request: string]> = [
  ['NextToken', 'NextToken'],
  ['nextToken', 'nextToken'],
  ['NextContinuationToken', 'ContinuationToken'],
  ['NextMarker', 'Marker'],
  ['Marker', 'Marker'],
];

/**
 * The cursor for the page after `page`, or `undefined` on the last page. A page that says it is not
 * truncated (`IsTruncated: false`, `Truncated: false`) is the last, whatever token it carries.
 */
export function nextCursor(page: object): PageCursor | undefined {
  const p = page as Record<string, unknown>;
  if (p.IsTruncated === false || p.Truncated === false) return undefined;
  for (const [response, request] of TOKEN_FIELDS) {
    const token = p[response];
    if (typeof token === 'string' && token !== '') return { [request]: token };
  }
  return undefined;
}

/** Options of {@link pages} and {@link collectAll}. */
export interface PaginateOptions {
  /** The list operation, named in errors, e.g. `organizations:ListAccounts`. */
  operation: string;
  /** Stop with an error after this many pages. @default 1000 */
  maxPages?: number;
  /** Account and Region, named in errors. */
  where?: Pick<ErrorLocation, 'account' | 'region' | 'service'>;
}

/** Raised when a list call never stops returning tokens, or repeats a token. */
export class PaginationError extends SraError {
  constructor(message: string, where: ErrorLocation) {
    super('AWS_PAGINATION', message, {
      ...where,
      hint: 'The service kept returning a next-page token. Retry later; if it persists, report it with the operation name.',
    });
    this.name = 'PaginationError';
  }
}

/**
 * Yields every page of a list call. `fetchPage` receives `{}` for the first page, then the cursor of
 * the previous page to spread into the request input:
 * ```ts
 * for await (const page of pages((c) => org.send(new ListAccountsCommand({ ...c })), { operation: 'organizations:ListAccounts' })) …
 * ```
 */
export async function* pages<P extends object>(
  fetchPage: (cursor: PageCursor) => Promise<P>,
  options: PaginateOptions,
): AsyncGenerator<P, void, undefined> {
  const maxPages = options.maxPages ?? 1000;
  const [service, op] = options.operation.includes(':')
    ? (options.operation.split(':', 2) as [string, string])
    : [options.where?.service, options.operation];
  const where: ErrorLocation = { ...options.where, ...(service ? { service } : {}), operation: op };
  const seen = new Set<string>();
  let cursor: PageCursor = {};
  for (let n = 1; ; n++) {
    const page = await fetchPage(cursor);
    yield page;
    const next = nextCursor(page);
    if (!next) return;
    const token = Object.values(next)[0]!;
    if (seen.has(token)) {
      throw new PaginationError(`${options.operation} returned the same page token twice (page ${n})`, where);
    }
    if (n >= maxPages) {
      throw new PaginationError(`${options.operation} still had more pages after ${maxPages} pages`, where);
    }
    seen.add(token);
    cursor = next;
  }
}

/** Collects the items of every page: `collectAll(fetch, (p) => p.Accounts, { operation })`. */
export async function collectAll<P extends object, T>(
  fetchPage: (cursor: PageCursor) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
  options: PaginateOptions,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages(fetchPage, options)) all.push(...(items(page) ?? []));
  return all;
}
