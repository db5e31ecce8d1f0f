/**
 * An append-only temporary file read back at known offsets: the storage under the finding spool and the
 * inventory spill store. It lives in a {@link privateTempDir} (mode 0700; the file itself 0600), buffers
 * appends up to a size before writing them, and flushes before any read, so a record can be read back as
 * soon as it is appended.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { privateTempDir, type TempDir } from './temp.js';

/** Options of {@link SpoolFile}. */
export interface SpoolFileOptions {
  /** What the file holds, for error messages (e.g. `finding spool`). */
  label: string;
  /** Prefix of its temporary directory, e.g. `sra-kit-findings-`. */
  prefix: string;
  /** File name inside the directory. */
  name: string;
  /** Parent of the temporary directory. @default os.tmpdir() */
  parent?: string;
  /** Bytes buffered before appends are written. @default 0 (each append is written at once) */
  bufferBytes?: number;
}

/** See the module comment. */
export class SpoolFile {
  /** The file's path (for diagnostics and tests). */
  readonly path: string;
  private readonly label: string;
  private readonly dir: TempDir;
  private readonly bufferBytes: number;
  private fd: number | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;

  constructor(options: SpoolFileOptions) {
    this.label = options.label;
    this.bufferBytes = options.bufferBytes ?? 0;
    this.dir = privateTempDir(options.prefix, options.parent);
    this.path = join(this.dir.path, options.name);
    this.fd = openSync(this.path, 'w+', 0o600);
  }

  /** Appends `data` and returns the offset it starts at. */
  append(data: Buffer): number {
    const offset = this.written + this.pendingBytes;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= this.bufferBytes) this.flush();
    return offset;
  }

  /**
   * Reads `bytes` bytes at `offset` into `into` (a new buffer when absent or too small) and returns the
   * buffer holding them from its start. Throws when the file is shorter than the record.
   */
  read(offset: number, bytes: number, into?: Buffer): Buffer {
    this.flush();
    const fd = this.open();
    const buffer = into && into.length >= bytes ? into : Buffer.allocUnsafe(bytes);
    let got = 0;
    while (got < bytes) {
      const n = readSync(fd, buffer, got, bytes - got, offset + got);
      if (n === 0) throw new Error(`${this.label} ${this.path} is truncated`);
      got += n;
    }
    return buffer;
  }

  /** Closes and deletes the file. Safe to call twice. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    this.dir.remove();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const fd = this.open();
    const data =
      this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    while (done < data.length) done += writeSync(fd, data, done, data.length - done, this.written + done);
    this.written += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private open(): number {
    if (this.fd === undefined) throw new Error(`the ${this.label} is closed`);
    return this.fd;
  }
}
