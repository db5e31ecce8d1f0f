/**
 * What a trail's event selectors record: management events (read, write, exclusions) and data events
 * for all S3 objects or all Lambda functions. Basic and advanced selectors are both understood.
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 *   (basic selectors: `arn:aws:s3` / `arn:aws:s3:::` means every bucket, `arn:aws:lambda` every function)
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
import type { AdvancedFieldInfo, TrailSelectorsInfo } from './collect.js';

/** Read/write coverage of a kind of event. */
export interface Coverage {
  /** Read events are recorded. */
  read: boolean;
  /** Write events are recorded. */
  write: boolean;
}

/** Management-event coverage, with what is left out. */
export interface ManagementCoverage extends Coverage {
  /** Event sources or fields that narrow the management events recorded. */
  exclusions: string[];
}

/** Data resource types with an "all resources" form. */
export type DataResourceType = 'AWS::S3::Object' | 'AWS::Lambda::Function';

const ALL_RESOURCES: Record<DataResourceType, string[]> = {
  'AWS::S3::Object': ['arn:aws:s3', 'arn:aws:s3:::'],
  'AWS::Lambda::Function': ['arn:aws:lambda'],
};

function readWrite(type: string): Coverage {
  return { read: type === 'All' || type === 'ReadOnly', write: type === 'All' || type === 'WriteOnly' };
}

/** Coverage implied by an advanced selector's `readOnly` field (absent: both). */
function advancedReadWrite(fields: readonly AdvancedFieldInfo[]): Coverage {
  const f = fields.find((x) => x.field === 'readOnly');
  if (!f) return { read: true, write: true };
  const eq = f.equals ?? [];
  const ne = f.notEquals ?? [];
  const read = eq.length > 0 ? eq.includes('true') : !ne.includes('true');
  const write = eq.length > 0 ? eq.includes('false') : !ne.includes('false');
  return { read, write };
}

function category(fields: readonly AdvancedFieldInfo[]): string[] {
  return fields.find((f) => f.field === 'eventCategory')?.equals ?? [];
}

/** Management events recorded by a trail. */
export function managementCoverage(s: TrailSelectorsInfo): ManagementCoverage {
  const out: ManagementCoverage = { read: false, write: false, exclusions: [] };
  for (const b of s.basic ?? []) {
    if (!b.includeManagementEvents) continue;
    const rw = readWrite(b.readWriteType);
    out.read ||= rw.read;
    out.write ||= rw.write;
    out.exclusions.push(...b.excludeManagementEventSources);
  }
  for (const fields of s.advanced ?? []) {
    if (!category(fields).includes('Management')) continue;
    const rw = advancedReadWrite(fields);
    out.read ||= rw.read;
    out.write ||= rw.write;
    for (const f of fields) {
      if (f.field === 'eventCategory' || f.field === 'readOnly') continue;
      out.exclusions.push(`advanced selector field ${f.field}`);
    }
  }
  return out;
}

/** Whether the trail records all management events, read and write, with no exclusions. */
export function recordsAllManagementEvents(s: TrailSelectorsInfo): boolean {
  const c = managementCoverage(s);
  return c.read && c.write && c.exclusions.length === 0;
}

/** Data events recorded for every resource of `type` (a selector limited to some resources does not count). */
export function dataCoverage(s: TrailSelectorsInfo, type: DataResourceType): Coverage {
  const out: Coverage = { read: false, write: false };
  for (const b of s.basic ?? []) {
    for (const r of b.dataResources) {
      if (r.type !== type || !r.values.some((v) => ALL_RESOURCES[type].includes(v))) continue;
      const rw = readWrite(b.readWriteType);
      out.read ||= rw.read;
      out.write ||= rw.write;
    }
  }
  for (const fields of s.advanced ?? []) {
    if (!category(fields).includes('Data')) continue;
    if (!(fields.find((f) => f.field === 'resources.type')?.equals ?? []).includes(type)) continue;
    const narrowed = fields.some((f) => !['eventCategory', 'resources.type', 'readOnly'].includes(f.field));
    if (narrowed) continue;
    const rw = advancedReadWrite(fields);
    out.read ||= rw.read;
    out.write ||= rw.write;
  }
  return out;
}

/** Whether the trail records any data events for `type`, even for some resources only. */
export function hasDataSelectors(s: TrailSelectorsInfo, type: DataResourceType): boolean {
  if ((s.basic ?? []).some((b) => b.dataResources.some((r) => r.type === type))) return true;
  return (s.advanced ?? []).some(
    (fields) =>
      category(fields).includes('Data') &&
      (fields.find((f) => f.field === 'resources.type')?.equals ?? []).includes(type),
  );
}
