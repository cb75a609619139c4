import type { Finding } from '@scanrelay/findings-schema';

/** What the merge window holds: a finding, or a parser's compact stand-in for one (see `release`). */
export interface Repeatable {
  fingerprint: string;
  occurrences: number;
}

export interface MergeRepeatedOptions<T extends Repeatable = Finding> {
  /** How many distinct findings are held back while waiting for repeats (bounds memory). */
  window?: number;
  /** Folds a repeat into the kept finding, e.g. to collect the repeat's dependency path. */
  combine?: (kept: T, repeat: T) => void;
}

export interface RepeatMergerOptions<T extends Repeatable> extends MergeRepeatedOptions<T> {
  /**
   * The finding a held item stands for, built when it leaves the window (default: the item is the
   * finding). A parser that holds compact records instead of findings gives its builder here.
   */
  release?: (held: T) => Finding;
}

const asFinding = <T>(held: T): Finding => held as unknown as Finding;

/**
 * The synchronous core of `mergeRepeated`: `push` each item (it returns the finding released, if any),
 * `flush` at the end. The held items are a FIFO of first-seen order, so the oldest is the next out.
 */
export class RepeatMerger<T extends Repeatable = Finding> {
  readonly #window: number;
  readonly #combine: ((kept: T, repeat: T) => void) | undefined;
  readonly #release: (held: T) => Finding;
  readonly #pending = new Map<string, T>();
  /** The held items in first-seen order: `#queue[#head]` is the oldest. */
  #queue: (T | undefined)[] = [];
  #head = 0;

  constructor(options: RepeatMergerOptions<T> = {}) {
    this.#window = Math.max(1, options.window ?? 1000);
    this.#combine = options.combine;
    this.#release = options.release ?? asFinding;
  }

  /** Takes an item; returns the oldest held one, as a finding, when the window overflows, else undefined. */
  push(f: T): Finding | undefined {
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
    this.#queue[this.#head++] = undefined;
    if (this.#head >= 4096 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#pending.delete(oldest.fingerprint);
    return this.#release(oldest);
  }

  /** Every item still held, oldest first, as findings; the merger is empty afterwards. */
  flush(): Finding[] {
    const out: Finding[] = [];
    for (let i = this.#head; i < this.#queue.length; i++) out.push(this.#release(this.#queue[i]!));
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
