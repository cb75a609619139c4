import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ImportType } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { Sleep } from '../http/create-sink-http.js';
import { parseJsonResponse } from '../http/parse-json-response.js';
import { SinkError } from '../http/sink-error.js';
import type { PhoenixRequest } from './phoenix-request.js';

const requestIdSchema = z.object({ id: z.union([z.string().min(1), z.number()]) }).loose();
const statusSchema = z.object({ status: z.string(), error: z.string().nullish() }).loose();

const IN_PROGRESS = new Set(['TRANSLATING', 'READY_FOR_IMPORT']);

export interface TranslateJob {
  destination: string;
  reportPath: string;
  scanType: string;
  assessmentName: string;
  importType: ImportType;
  pollIntervalMs: number;
  timeoutMs: number;
  sleep: Sleep;
  onWarning: (message: string) => void;
  /** Scrubs known secrets from remote text. */
  redact: (text: string) => string;
  signal?: AbortSignal;
}

function field(boundary: string, name: string, value: string): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}

/** The multipart body, the file streamed from disk (opened again for each attempt). */
async function multipart(job: TranslateJob) {
  const size = (await stat(job.reportPath)).size;
  const boundary = `scanrelay-${randomUUID()}`;
  const filename = basename(job.reportPath).replace(/["\r\n]/g, '_');
  const head =
    field(boundary, 'scanType', job.scanType) +
    field(boundary, 'assessmentName', job.assessmentName) +
    field(boundary, 'importType', job.importType) +
    field(boundary, 'autoImport', 'true') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: Buffer.byteLength(head) + size + Buffer.byteLength(tail),
    open: () =>
      Readable.from(
        (async function* () {
          yield Buffer.from(head);
          yield* createReadStream(job.reportPath);
          yield Buffer.from(tail);
        })(),
      ),
  };
}

/**
 * The raw report to `POST /v1/import/assets/file/translate`, then its request polled until
 * `IMPORTED` (done) or `ERROR`, at most `timeoutMs / pollIntervalMs` polls. Returns the request id.
 */
export async function translateImport(post: PhoenixRequest, job: TranslateJob): Promise<string> {
  const signal = job.signal ? { signal: job.signal } : {};
  const where = { destination: job.destination, request: 'POST /v1/import/assets/file/translate' };
  let body: Awaited<ReturnType<typeof multipart>>;
  try {
    body = await multipart(job);
  } catch (cause) {
    throw new SinkError(
      'SINK_REJECTED',
      `${job.destination}: cannot read the report to send (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { destination: job.destination, cause },
    );
  }
  const res = await post({ method: 'POST', path: '/v1/import/assets/file/translate', body, ...signal });
  const id = String(parseJsonResponse(res, requestIdSchema, where).id);
  const path = `/v1/import/assets/file/translate/request/${encodeURIComponent(id)}`;
  const maxPolls = Math.max(1, Math.ceil(job.timeoutMs / job.pollIntervalMs));
  const unknown = new Set<string>();
  for (let poll = 1; poll <= maxPolls; poll++) {
    const answer = await post({ method: 'GET', path, ...signal });
    const { status, error } = parseJsonResponse(answer, statusSchema, {
      destination: job.destination,
      request: `GET ${path}`,
    });
    if (status === 'IMPORTED') return id;
    if (status === 'ERROR') {
      const why = error ? `: ${job.redact(error.slice(0, 300))}` : '';
      throw new SinkError(
        'SINK_IMPORT_FAILED',
        `${job.destination}: Phoenix could not import the report (request ${id})${why}`,
        {
          destination: job.destination,
          request: `GET ${path}`,
        },
      );
    }
    if (!IN_PROGRESS.has(status) && !unknown.has(status)) {
      unknown.add(status);
      job.onWarning(
        `Phoenix reported an unknown translate status "${status.slice(0, 40)}" for request ${id}; still waiting`,
      );
    }
    if (poll < maxPolls) {
      try {
        await job.sleep(job.pollIntervalMs, job.signal);
      } catch (cause) {
        throw new SinkError('SINK_ABORTED', `${job.destination}: waiting for request ${id} was aborted`, {
          destination: job.destination,
          cause,
        });
      }
    }
  }
  throw new SinkError(
    'SINK_TIMEOUT',
    `${job.destination}: Phoenix had not imported request ${id} after ${job.timeoutMs} ms`,
    {
      destination: job.destination,
      request: `GET ${path}`,
    },
  );
}
