/**
 * The `log-archive` feature (capability data protection): in the log archive account's home Region, the
 * central KMS key (`alias/sra-logs`), the central log bucket `sra-logs-<account>-<region>` (SSE-KMS,
 * versioned, Object Lock default retention from `dataProtection.logArchive.objectLock`, TLS-only and
 * organization-scoped writes, lifecycle to Glacier, Block Public Access, ACLs off, server access logging)
 * and its access-log bucket `sra-access-logs-<account>-<region>` (never Object-Locked: a server access
 * logging target must not have a default retention). Provides `LOG_BUCKET` and `LOG_KEY_ARN` to the
 * features that deliver logs.
 */
import { defineFeature } from '../../engine/types.js';
import { LOG_ARCHIVE } from './desired.js';
import { LOG_ARCHIVE_OPS } from './ops.js';
import { destroyLogArchive, planLogArchive } from './plan.js';

export { LOG_ARCHIVE, LOG_KEY_ALIAS, logArchiveNames } from './desired.js';
export { LOG_ARCHIVE_OPS } from './ops.js';

/** The log archive: central key and buckets. */
export const logArchiveFeature = defineFeature({
  id: LOG_ARCHIVE,
  title: 'Log Archive: central KMS key and log buckets',
  needs: ['s3', 'kms', 'organizations'],
  ops: LOG_ARCHIVE_OPS,
  plan: planLogArchive,
  destroy: destroyLogArchive,
});
