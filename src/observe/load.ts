/**
 * Saving and loading inventories (`sra verify --save` / `--from`). A loaded file is checked before
 * use: JSON syntax (with line and column), format version, and the shape of every top-level field, so a
 * truncated or hand-edited file fails with a message naming the file and the field instead of producing
 * wrong findings.
 */
import { readFile } from 'node:fs/promises';
import { writeFileWith } from '../util/write-file.js';
import { z } from 'zod';
import { ExitCode, SraError } from '../errors.js';
import type { Inventory } from './types.js';
import { viewOf, type InventoryLike, type InventoryView } from './view.js';

const dataError = z
  .object({
    kind: z.string(),
    message: z.string(),
    account: z.string(),
    region: z.string(),
    operation: z.string(),
    awsErrorName: z.string().optional(),
  })
  .strict();

const accountInfo = z
  .object({
    id: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
    name: z.string(),
    email: z.string().optional(),
    status: z.string(),
    parentId: z.string().optional(),
    ouPath: z.array(z.string()),
    enabledRegions: z.array(z.string()).optional(),
  })
  .strict();

const slices = z.record(z.string(), z.unknown());

/** Schema of an inventory file (slices are checked as objects; their content belongs to the collectors). */
export const inventorySchema = z
  .object({
    schemaVersion: z.literal(1, {
      error: 'unsupported inventory format version: this sra-kit reads version 1',
    }),
    collectedAt: z.iso.datetime({ offset: true }),
    toolVersion: z.string(),
    organizationId: z.string().optional(),
    managementAccountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
    homeRegion: z.string().min(1),
    governedRegions: z.array(z.string().min(1)).min(1),
    accounts: z.array(accountInfo),
    organization: slices,
    account: z.record(z.string(), slices),
    region: z.record(z.string(), z.record(z.string(), slices)),
    unreachable: z.array(dataError),
  })
  .strict();

/** Raised when an inventory file cannot be used. Exit code 2. */
export class InventoryError extends SraError {
  constructor(
    file: string,
    message: string,
    options: { line?: number; column?: number; path?: string; hint?: string } = {},
  ) {
    super('INVENTORY_INVALID', message, {
      file,
      ...options,
      exitCode: ExitCode.Usage,
      hint: options.hint ?? 'save a fresh inventory with `sra verify --save <file>`; do not edit it by hand',
    });
    this.name = 'InventoryError';
  }
}

/** Parses inventory JSON text; throws {@link InventoryError} naming `file` and the faulty field. */
export function parseInventory(text: string, file: string): Inventory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    let line: number | undefined;
    let column: number | undefined;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    throw new InventoryError(file, `not valid JSON: ${message}`, {
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    });
  }
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new InventoryError(file, `${path ? `${path}: ` : ''}${issue.message}${more}`, path ? { path } : {});
  }
  return parsed.data as Inventory;
}

/** Reads and checks an inventory file. */
export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InventoryError(
      file,
      `cannot read the inventory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      {
        hint: 'check the path given to --from',
      },
    );
  }
  return parseInventory(text, file);
}

/**
 * Writes an inventory as JSON (mode 0600). It holds no credentials: only what the collectors read. The
 * file is written account by account, so saving a spilled inventory never holds every account at once.
 */
export async function saveInventory(file: string, inventory: InventoryLike): Promise<void> {
  const view = viewOf(inventory);
  await writeFileWith(
    file,
    (write) => (view === inventory ? writeView(view, write) : write(`${JSON.stringify(inventory)}\n`)),
    0o600,
  );
}

/** Writes a view's JSON account by account, in chunks of about 1 MB. */
async function writeView(view: InventoryView, out: (text: string) => Promise<unknown>): Promise<void> {
  let pending = '';
  const write = async (text: string, force = false) => {
    pending += text;
    if (force || pending.length >= 1 << 20) {
      await out(pending);
      pending = '';
    }
  };
  const header: Record<string, unknown> = {
    schemaVersion: view.schemaVersion,
    collectedAt: view.collectedAt,
    toolVersion: view.toolVersion,
    ...(view.organizationId !== undefined ? { organizationId: view.organizationId } : {}),
    managementAccountId: view.managementAccountId,
    homeRegion: view.homeRegion,
    governedRegions: view.governedRegions,
    accounts: view.accounts,
    organization: view.organization,
  };
  await write(JSON.stringify(header).slice(0, -1));
  for (const part of ['account', 'region'] as const) {
    await write(`,${JSON.stringify(part)}:{`);
    let first = true;
    for (const [id, slices] of view.eachAccount()) {
      await write(`${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(slices[part])}`);
      first = false;
    }
    await write('}');
  }
  await write(`,"unreachable":${JSON.stringify(view.unreachable)}}\n`, true);
}
