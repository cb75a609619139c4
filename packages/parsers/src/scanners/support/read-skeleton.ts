import type { ParseInput } from '../../io/parse-input.js';
import { streamJsonWithSkeleton } from '../../io/stream-json.js';

/**
 * A first, cheap pass over a replayable input (a file, text or bytes): the document without the
 * `skip` subtrees, which are scanned but neither parsed nor held in memory, whatever their size (a
 * whole list, `$.items`, or its elements, `$.items[*]`). Used by formats whose context is
 * written after their findings (grype's `descriptor`, Snyk's `displayTargetFile`). Returns undefined
 * for a one-shot stream, which cannot be read twice.
 */
export async function readSkeleton(
  input: ParseInput,
  scanner: string,
  skip: readonly string[],
): Promise<unknown> {
  if (!input.isReplayable) return undefined;
  const stream = streamJsonWithSkeleton(input, { scanner, select: [], skip });
  for await (const _ of stream.matches) {
    // nothing is selected: this only drives the scan
  }
  return stream.skeleton();
}
