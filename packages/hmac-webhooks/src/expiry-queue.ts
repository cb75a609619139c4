/**
 * A binary min-heap of (expiry, id) records, earliest first, kept in two parallel arrays (no object per record).
 * Pushing a record no earlier than its parent, the usual case for delivery expiries, costs one comparison.
 */
export class ExpiryQueue {
  #at: number[] = [];
  #ids: string[] = [];

  get size(): number {
    return this.#at.length;
  }

  /** The earliest expiry; only when `size > 0`. */
  peekExpiry(): number {
    return this.#at[0]!;
  }

  push(expiresAt: number, id: string): void {
    const at = this.#at;
    const ids = this.#ids;
    let i = at.length;
    at.push(expiresAt);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at[parent]! <= expiresAt) break;
      at[i] = at[parent]!;
      ids[i] = ids[parent]!;
      i = parent;
    }
    at[i] = expiresAt;
    ids[i] = id;
  }

  /** Removes the earliest record and returns its id; only when `size > 0`. */
  pop(): string {
    const at = this.#at;
    const ids = this.#ids;
    const top = ids[0]!;
    const lastAt = at.pop()!;
    const lastId = ids.pop()!;
    const n = at.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && at[child + 1]! < at[child]!) child++;
        if (at[child]! >= lastAt) break;
        at[i] = at[child]!;
        ids[i] = ids[child]!;
        i = child;
      }
      at[i] = lastAt;
      ids[i] = lastId;
    }
    return top;
  }

  /** Replaces every record by one per entry of `live` (id → expiry): drops the records of forgotten ids. */
  rebuild(live: ReadonlyMap<string, number>): void {
    this.#at = [];
    this.#ids = [];
    for (const [id, expiresAt] of live) this.push(expiresAt, id);
  }
}
