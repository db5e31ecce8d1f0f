/**
 * Writing a file piece by piece: every write is awaited (and repeated until all its bytes are on disk)
 * before the producer makes the next piece, so memory stays bounded by one piece however large the file.
 * Used for reports and saved inventories, which can run to hundreds of megabytes.
 */
import { open } from 'node:fs/promises';

/** Writes the pieces `produce` hands to its writer to `file` (created or truncated, `mode` when created). */
export async function writeFileWith(
  file: string,
  produce: (write: (text: string) => Promise<void>) => Promise<void>,
  mode?: number,
): Promise<void> {
  const handle = await open(file, 'w', mode);
  try {
    await produce(async (text) => {
      const data = Buffer.from(text, 'utf8');
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await handle.write(data, done, data.length - done);
        done += bytesWritten;
      }
    });
  } finally {
    await handle.close();
  }
}
