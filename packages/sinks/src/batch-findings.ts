export interface BatchOptions<T> {
  /** Items per batch at most. */
  maxItems: number;
  /** Bytes per batch at most (by `sizeOf`); an item larger on its own travels alone. */
  maxBytes: number;
  /** The size an item adds to a batch, e.g. its JSON byte length. */
  sizeOf: (item: T) => number;
}

/**
 * Groups a stream into batches bounded by count and bytes, yielding each batch as soon as it is
 * full: at most one batch is held at a time.
 */
export async function* batchFindings<T>(items: AsyncIterable<T>, opts: BatchOptions<T>): AsyncGenerator<T[]> {
  if (opts.maxItems < 1 || opts.maxBytes < 1)
    throw new TypeError('@scanrelay/sinks: batch limits must be positive');
  let batch: T[] = [];
  let bytes = 0;
  for await (const item of items) {
    const size = opts.sizeOf(item);
    if (batch.length > 0 && (batch.length >= opts.maxItems || bytes + size > opts.maxBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
