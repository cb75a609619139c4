import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { SinkError } from './sink-error.js';

/** How many bytes of a report are read to tell its variant (ZAP XML or JSON, npm 6 or 7, …). */
const HEAD_BYTES = 64 * 1024;

/** The first 64 KiB of a stored report as text, to tell its variant; an unreadable file is SINK_REJECTED. */
export async function readReportHead(path: string, destination: string): Promise<string> {
  const file = await open(path, 'r').catch((cause: unknown) => {
    const code = (cause as { code?: string }).code ?? 'unreadable';
    throw new SinkError(
      'SINK_REJECTED',
      `${destination}: the stored report ${basename(path)} cannot be read (${code})`,
      { destination, cause },
    );
  });
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}
