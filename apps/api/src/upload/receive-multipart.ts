import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { ApiProblem } from '../errors/api-problem.js';

interface ReceivedFile {
  /** Where the bytes are now (under the upload directory). */
  path: string;
  bytes: number;
  filename?: string;
  mimeType: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file?: ReceivedFile;
}

export interface ReceiveOptions {
  /** Directory the file is written to (created when absent). */
  dir: string;
  maxFileBytes: number;
  /** The form field that holds the report. Default `file`. */
  fileField?: string;
}

/** Multipart overhead allowed above the file limit before `Content-Length` alone refuses a request. */
const ENVELOPE_BYTES = 1024 * 1024;
/** After a refusal, at most this much more of the body is read and dropped; beyond it the connection is cut. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Streams a `multipart/form-data` request to disk with busboy: the file goes to a new file under
 * `dir` as it arrives and is cut off at `maxFileBytes` (413, partial file deleted). Nothing is kept
 * in memory but the small text fields. Throws ApiProblem for a bad request; on any throw, no file is
 * left behind.
 */
export async function receiveMultipart(request: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new ApiProblem(
      'UNSUPPORTED_MEDIA_TYPE',
      `expected multipart/form-data, got "${contentType || 'no content type'}"`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxFileBytes + ENVELOPE_BYTES) {
    // Read (and drop) a moderately larger body so that the client, still sending, gets the answer.
    if (request.body && declared <= options.maxFileBytes + DRAIN_BYTES)
      await discard(Readable.fromWeb(request.body as WebReadableStream<Uint8Array>), DRAIN_BYTES);
    throw tooLarge(options.maxFileBytes);
  }
  if (!request.body)
    throw new ApiProblem('REPORT_EMPTY', 'the request has no body; send the report in the "file" field');
  await mkdir(options.dir, { recursive: true });
  const fileField = options.fileField ?? 'file';
  const target = path.join(options.dir, `${randomUUID()}.upload`);
  const fields: Record<string, string> = {};
  let file: ReceivedFile | undefined;
  let problem: ApiProblem | undefined;
  let writing: Promise<void> | undefined;
  let fileStream: Readable | undefined;
  let sink: WriteStream | undefined;

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { fileSize: options.maxFileBytes, files: 1, fields: 50, fieldSize: 16 * 1024, parts: 60 },
    });
  } catch (cause) {
    throw new ApiProblem(
      'VALIDATION_FAILED',
      `malformed multipart content type: ${(cause as Error).message}`,
    );
  }
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);

  const done = new Promise<void>((resolve, reject) => {
    const fail = (p: ApiProblem) => {
      if (problem) return;
      problem = p;
      source.unpipe(parser);
      fileStream?.destroy();
      // Answer once the client has finished sending (up to a cap), so that it reads the answer.
      void discard(source, DRAIN_BYTES).then(() => reject(p));
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        return fail(new ApiProblem('VALIDATION_FAILED', `field "${name}" is longer than 16 KiB`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== fileField || file) {
        stream.resume();
        return;
      }
      const received: ReceivedFile = {
        path: target,
        bytes: 0,
        filename: info.filename,
        mimeType: info.mimeType,
      };
      file = received;
      fileStream = stream;
      sink = createWriteStream(target, { flags: 'wx' });
      stream.on('data', (chunk: Buffer) => {
        received.bytes += chunk.length;
      });
      stream.on('limit', () => fail(tooLarge(options.maxFileBytes)));
      writing = pipeline(stream, sink).catch((cause) => {
        if (!problem)
          fail(
            new ApiProblem('VALIDATION_FAILED', `the upload was interrupted: ${(cause as Error).message}`),
          );
      });
    });
    parser.on('filesLimit', () => fail(new ApiProblem('VALIDATION_FAILED', 'send one report per upload')));
    parser.on('fieldsLimit', () => fail(new ApiProblem('VALIDATION_FAILED', 'too many form fields')));
    parser.on('partsLimit', () => fail(new ApiProblem('VALIDATION_FAILED', 'too many form parts')));
    parser.on('error', (err) =>
      fail(new ApiProblem('VALIDATION_FAILED', `malformed multipart body: ${(err as Error).message}`)),
    );
    parser.on('close', () => resolve());
    source.on('error', (err) =>
      fail(new ApiProblem('VALIDATION_FAILED', `the upload was interrupted: ${err.message}`)),
    );
    source.pipe(parser);
  });

  try {
    await done;
    await writing;
    if (problem) throw problem;
  } catch (err) {
    // The file stream may never end after a refusal: close the file ourselves, then delete it.
    fileStream?.destroy();
    if (sink && !sink.closed)
      await new Promise<void>((resolve) => sink!.destroy().once('close', () => resolve()));
    await rm(target, { force: true });
    throw err;
  }
  return { fields, file };
}

/** Reads and drops the rest of a stream, up to `cap` bytes (then destroys it). Never rejects. */
function discard(source: Readable, cap: number): Promise<void> {
  return new Promise((resolve) => {
    if (source.destroyed || source.readableEnded) return resolve();
    let seen = 0;
    const done = () => {
      source.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > cap) {
        source.destroy();
        done();
      }
    };
    source.on('data', onData);
    source.once('end', done);
    source.once('error', done);
    source.once('close', done);
    source.resume();
  });
}

function tooLarge(limit: number): ApiProblem {
  return new ApiProblem('PAYLOAD_TOO_LARGE', `the report is larger than the limit of ${limit} bytes`);
}
