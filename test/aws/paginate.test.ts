import { describe, expect, it } from 'vitest';
import { collectAll, nextCursor, pages, PaginationError, type PageCursor } from '../../src/aws/index.js';

describe('nextCursor', () => {
  it('maps each AWS token convention to the request field', () => {
    expect(nextCursor({ NextToken: 'a' })).toEqual({ NextToken: 'a' });
    expect(nextCursor({ nextToken: 'b' })).toEqual({ nextToken: 'b' });
    expect(nextCursor({ NextContinuationToken: 'c', IsTruncated: true })).toEqual({ ContinuationToken: 'c' });
    expect(nextCursor({ NextMarker: 'd', Truncated: true })).toEqual({ Marker: 'd' });
    expect(nextCursor({ Marker: 'e', IsTruncated: true })).toEqual({ Marker: 'e' });
  });

  it('ends on missing or empty tokens and on pages that say they are complete', () => {
    expect(nextCursor({})).toBeUndefined();
    expect(nextCursor({ NextToken: '' })).toBeUndefined();
    expect(nextCursor({ Marker: 'm', IsTruncated: false })).toBeUndefined();
    expect(nextCursor({ NextMarker: 'm', Truncated: false })).toBeUndefined();
  });
});

/** A fake list API over `items`, `size` per page, using the given token field. */
function fakeList(items: number[], size: number, field: 'NextToken' | 'nextToken' | 'Marker') {
  const requests: PageCursor[] = [];
  const fetch = (cursor: PageCursor): Promise<{ Items: number[] } & Record<string, unknown>> => {
    requests.push(cursor);
    const start = Number(cursor[field] ?? 0);
    const page = items.slice(start, start + size);
    const next = start + size < items.length ? String(start + size) : undefined;
    const truncation = field === 'Marker' ? { IsTruncated: next !== undefined } : {};
    return Promise.resolve({ Items: page, ...(next ? { [field]: next } : {}), ...truncation });
  };
  return { fetch, requests };
}

describe('pages / collectAll', () => {
  it.each(['NextToken', 'nextToken', 'Marker'] as const)(
    'collects every item with %s tokens',
    async (field) => {
      const items = Array.from({ length: 23 }, (_, i) => i);
      const api = fakeList(items, 5, field);
      const all = await collectAll(api.fetch, (p) => p.Items, { operation: 'svc:ListThings' });
      expect(all).toEqual(items);
      expect(api.requests).toHaveLength(5);
      expect(api.requests[0]).toEqual({});
      expect(api.requests[1]).toEqual({ [field]: '5' });
    },
  );

  it('stops a token that repeats, naming the operation and location', async () => {
    const fetch = () => Promise.resolve({ NextToken: 'same', Items: [1] });
    const err = await collectAll(fetch, (p) => p.Items, {
      operation: 'guardduty:ListMembers',
      where: { account: '222222222222', region: 'eu-west-1' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    const pe = err as PaginationError;
    expect(pe.code).toBe('AWS_PAGINATION');
    expect(pe.message).toContain('guardduty:ListMembers');
    expect(pe.where).toMatchObject({
      account: '222222222222',
      region: 'eu-west-1',
      service: 'guardduty',
      operation: 'ListMembers',
    });
  });

  it('stops after maxPages of ever-new tokens', async () => {
    let n = 0;
    const fetch = () => Promise.resolve({ NextToken: `t${++n}` });
    const seen: unknown[] = [];
    const run = async () => {
      for await (const p of pages(fetch, { operation: 'svc:ListForever', maxPages: 7 })) seen.push(p);
    };
    await expect(run()).rejects.toThrow(/after 7 pages/);
    expect(seen).toHaveLength(7);
  });

  it('propagates a failing page', async () => {
    const fetch = (c: PageCursor) =>
      c.NextToken
        ? Promise.reject(new Error('page 2 failed'))
        : Promise.resolve({ NextToken: 'x', Items: [1] });
    await expect(collectAll(fetch, (p) => p.Items, { operation: 'svc:List' })).rejects.toThrow(
      'page 2 failed',
    );
  });
});
