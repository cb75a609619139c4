/** A FIFO lock for async work on one connection. */
export class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();
  #held = false;

  get isHeld(): boolean {
    return this.#held;
  }

  /** Resolves with a release function once every earlier holder has released. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    await prev;
    this.#held = true;
    return () => {
      this.#held = false;
      release();
    };
  }
}
