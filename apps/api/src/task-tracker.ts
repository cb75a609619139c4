/** Keeps background promises so shutdown can wait for them. */
export function createTaskTracker() {
  const running = new Set<Promise<unknown>>();
  return {
    run(task: () => Promise<unknown>): void {
      const p = task().catch(() => {});
      running.add(p);
      void p.finally(() => running.delete(p));
    },
    get size(): number {
      return running.size;
    },
    async drain(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
