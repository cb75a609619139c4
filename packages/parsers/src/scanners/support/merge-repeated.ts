import type { Finding } from '@scanrelay/findings-schema';

export interface MergeRepeatedOptions {
  /** How many distinct findings are held back while waiting for repeats (bounds memory). */
  window?: number;
  /** Folds a repeat into the kept finding, e.g. to collect the repeat's dependency path. */
  combine?: (kept: Finding, repeat: Finding) => void;
}

/**
 * The synchronous core of `mergeRepeated`: `push` each finding (it returns the one released, if any),
 * `flush` at the end. The held findings are a FIFO of first-seen order, so the oldest is the next out.
 */
export class RepeatMerger {
  readonly #window: number;
  readonly #combine: ((kept: Finding, repeat: Finding) => void) | undefined;
  readonly #pending = new Map<string, Finding>();
  /** The held findings in first-seen order: `#queue[#head]` is the oldest. */
  #queue: Finding[] = [];
  #head = 0;

  constructor(options: MergeRepeatedOptions = {}) {
    this.#window = Math.max(1, options.window ?? 1000);
    this.#combine = options.combine;
  }

  /** Takes a finding; returns the oldest held one when the window overflows, else undefined. */
  push(f: Finding): Finding | undefined {
    const kept = this.#pending.get(f.fingerprint);
    if (kept) {
      kept.occurrences += f.occurrences;
      this.#combine?.(kept, f);
      return undefined;
    }
    this.#pending.set(f.fingerprint, f);
    this.#queue.push(f);
    if (this.#pending.size <= this.#window) return undefined;
    const oldest = this.#queue[this.#head]!;
    this.#queue[this.#head++] = undefined as unknown as Finding;
    if (this.#head >= 4096 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#pending.delete(oldest.fingerprint);
    return oldest;
  }

  /** Every finding still held, oldest first; the merger is empty afterwards. */
  flush(): Finding[] {
    const out = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    this.#pending.clear();
    return out;
  }
}

/**
 * Merges findings with the same fingerprint into one whose `occurrences` is the sum. Findings are
 * held back in a window of at most `window` (default 1000) distinct fingerprints and released
 * oldest first, so memory does not grow with the report; repeats further apart than the window
 * stay separate findings (ingest deduplicates them by fingerprint anyway). Order is first-seen.
 */
export async function* mergeRepeated(
  findings: AsyncIterable<Finding>,
  options: MergeRepeatedOptions = {},
): AsyncGenerator<Finding> {
  const merger = new RepeatMerger(options);
  for await (const f of findings) {
    const released = merger.push(f);
    if (released) yield released;
  }
  yield* merger.flush();
}
