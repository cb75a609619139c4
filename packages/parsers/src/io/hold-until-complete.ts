import type { JsonMatch } from './json-scanner.js';

/**
 * Keeps matches in order, except that a match whose container lacks a member it needs (`isReady`
 * false, e.g. a Trivy result whose `Target` comes after its vulnerabilities) is held back, with every
 * later match of the same container, until a match of another container shows that the scanner has
 * moved past it: ancestors are live, so by then they hold every member. Call `flush()` at the end.
 * Memory grows only for such out-of-order containers; tools that write the context first (all known
 * ones) cost nothing.
 */
export class HoldUntilComplete {
  #held: JsonMatch[] = [];
  #heldContainer: unknown;
  readonly #isReady: (m: JsonMatch) => boolean;
  readonly #containerOf: (m: JsonMatch) => unknown;

  constructor(isReady: (m: JsonMatch) => boolean, containerOf: (m: JsonMatch) => unknown) {
    this.#isReady = isReady;
    this.#containerOf = containerOf;
  }

  /** The matches that can be processed now, in document order (often just `[m]`). */
  push(m: JsonMatch): JsonMatch[] {
    const container = this.#containerOf(m);
    let out: JsonMatch[] = [];
    if (this.#held.length > 0 && container !== this.#heldContainer) {
      out = this.#held;
      this.#held = [];
    }
    if (this.#held.length > 0 || !this.#isReady(m)) {
      this.#held.push(m);
      this.#heldContainer = container;
    } else out.push(m);
    return out;
  }

  /** Whatever is still held, at the end of the stream. */
  flush(): JsonMatch[] {
    const out = this.#held;
    this.#held = [];
    return out;
  }
}

/** `HoldUntilComplete` over an async stream of matches. */
export async function* holdUntilComplete(
  matches: AsyncIterable<JsonMatch>,
  isReady: (m: JsonMatch) => boolean,
  containerOf: (m: JsonMatch) => unknown,
): AsyncGenerator<JsonMatch> {
  const hold = new HoldUntilComplete(isReady, containerOf);
  for await (const m of matches) yield* hold.push(m);
  yield* hold.flush();
}
