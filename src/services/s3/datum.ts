/**
 * Small helpers over {@link Datum} shared by the CloudTrail, Config, S3 and KMS collectors and controls.
 */
import type { DataError, Datum } from '../../observe/types.js';

/** A successful datum. */
export function ok<T>(value: T): Datum<T> {
  return { ok: true, value };
}

/** Maps the value of a successful datum; a failed datum keeps its error. */
export function mapDatum<T, U>(d: Datum<T>, f: (value: T) => U): Datum<U> {
  return d.ok ? { ok: true, value: f(d.value) } : d;
}

/**
 * Turns the documented "not configured" answers of a read (e.g. S3's
 * `NoSuchPublicAccessBlockConfiguration`) into a value, so that "not set" is data and only real
 * failures stay errors.
 */
export function absentAs<T, U>(d: Datum<T>, errorNames: readonly string[], absent: U): Datum<T | U> {
  if (!d.ok && d.error.awsErrorName !== undefined && errorNames.includes(d.error.awsErrorName)) {
    return { ok: true, value: absent };
  }
  return d;
}

/** The first failed datum of a list, if any. */
export function firstError(ds: ReadonlyArray<Datum<unknown> | undefined>): DataError | undefined {
  for (const d of ds) if (d && !d.ok) return d.error;
  return undefined;
}
