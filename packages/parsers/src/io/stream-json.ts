import { createTimeSlice } from './create-time-slice.js';
import { type JsonMatch, JsonScanner, type JsonScannerOptions } from './json-scanner.js';
import { ParseInput, type ParseSource } from './parse-input.js';

export type { JsonMatch } from './json-scanner.js';

export interface StreamJsonOptions extends JsonScannerOptions {
  /** Bytes read from a file at a time. Default 1 MiB. */
  chunkSize?: number;
}

/** The matches of a streamed document, and its skeleton once the matches are exhausted. */
export interface JsonStream {
  matches: AsyncGenerator<JsonMatch>;
  /**
   * The whole document minus its selected and skipped subtrees (a selected array is left as `[]`, an
   * object whose members are all selected as `{}`). Throws a TypeError before `matches` is finished.
   */
  skeleton(): unknown;
}

/**
 * Streams the values at the `select` paths of a JSON document of any size, e.g.
 * `streamJson(input, { scanner: 'trivy', select: ['$.Results[*].Vulnerabilities[*]'] })`.
 * Memory stays at about one chunk plus the largest single value plus the skeleton. Malformed JSON
 * anywhere, truncation included, is a ParseError naming the scanner, the JSON path and the byte offset.
 */
export function streamJson(
  input: ParseInput | ParseSource,
  options: StreamJsonOptions,
): AsyncGenerator<JsonMatch> {
  return streamJsonWithSkeleton(input, options).matches;
}

/** Like `streamJson`, and gives the rest of the document (`skeleton()`) once every match was read. */
export function streamJsonWithSkeleton(
  input: ParseInput | ParseSource,
  options: StreamJsonOptions,
): JsonStream {
  const batched = streamJsonBatches(input, options);
  async function* matches(): AsyncGenerator<JsonMatch> {
    for await (const batch of batched.batches) for (let i = 0; i < batch.length; i++) yield batch[i]!;
  }
  return { matches: matches(), skeleton: batched.skeleton };
}

/** Bytes handed to the scanner at a time (see `streamJsonBatches`). */
const PUSH_BYTES = 64 * 1024;

/** The matches grouped by input chunk, and the skeleton once the batches are exhausted. */
export interface JsonBatchStream {
  batches: AsyncGenerator<JsonMatch[]>;
  skeleton(): unknown;
}

/**
 * Like `streamJsonWithSkeleton`, but yields the matches of each 64 KiB of input as one array (empty
 * arrays are not yielded): one `await` per batch instead of one per match, for parsers of reports with
 * hundreds of thousands of small items.
 */
export function streamJsonBatches(
  input: ParseInput | ParseSource,
  options: StreamJsonOptions,
): JsonBatchStream {
  const scanner = new JsonScanner(options);
  const source = ParseInput.from(input);
  let finished = false;
  // Also within a chunk: the items of 1 MiB can take the consumer (mapping, ingest) a while.
  const slice = createTimeSlice();
  async function* batches(): AsyncGenerator<JsonMatch[]> {
    for await (const chunk of source.chunks(options.chunkSize)) {
      // Pushed in slices, so the values parsed from one slice are handled (and die young) before the
      // next is parsed: a whole 1 MiB chunk of parsed items at once would outlive the young generation.
      for (let at = 0; at < chunk.byteLength; at += PUSH_BYTES) {
        if (slice.due()) await slice.pause();
        const out = scanner.push(chunk.subarray(at, Math.min(chunk.byteLength, at + PUSH_BYTES)));
        if (out.length > 0) yield out;
      }
    }
    const out = scanner.end();
    finished = true;
    if (out.length > 0) yield out;
  }
  return {
    batches: batches(),
    skeleton() {
      if (!finished)
        throw new TypeError('@scanrelay/parsers: skeleton() is known only after every match was read');
      return scanner.skeleton;
    },
  };
}
