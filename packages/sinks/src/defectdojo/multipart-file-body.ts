import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { SinkBody } from '../http/create-sink-http.js';

/** A file name safe inside a quoted Content-Disposition parameter. */
function safeFileName(name: string): string {
  return name.replace(/["\\\u0000-\u001f\u007f]/g, '_').slice(0, 200) || 'report';
}

/**
 * A `multipart/form-data` body of text fields and one file, streamed from disk on every attempt (the
 * file is never held in memory); its length is known up front for `content-length`.
 */
export function multipartFileBody(
  fields: Readonly<Record<string, string>>,
  file: { path: string; size: number; name: string },
): SinkBody {
  const boundary = `----scanrelay${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeFileName(file.name)}"\r\n`;
  head += 'Content-Type: application/octet-stream\r\n\r\n';
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts() {
    yield headBytes;
    for await (const chunk of createReadStream(file.path)) yield chunk as Buffer;
    yield tailBytes;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: headBytes.length + file.size + tailBytes.length,
    open: () => Readable.from(parts()),
  };
}
