/**
 * Which fingerprints of a batch ingest must look up in the store. In a project that had no findings
 * when the run began (its first import, under the project's ingest lock) a fingerprint can only be
 * stored already if an earlier batch of this run inserted it: those are remembered as 28-bit
 * prefixes (a small integer each, about 12 MB for a million findings), and only a batch's fingerprints
 * whose prefix was inserted are looked up. Two fingerprints sharing a prefix cost a lookup, never a
 * wrong answer. In any other project every fingerprint is looked up.
 */
export interface RunFingerprints {
  /** The fingerprints of `batch` that may be stored. */
  toLookUp(batch: readonly string[]): string[];
  /** Called for every fingerprint this run inserts. */
  inserted(fingerprint: string): void;
}

const prefix = (fingerprint: string) => Number.parseInt(fingerprint.slice(0, 7), 16);

export function createRunFingerprints(projectWasEmpty: boolean): RunFingerprints {
  if (!projectWasEmpty) return { toLookUp: (batch) => [...batch], inserted() {} };
  const prefixes = new Set<number>();
  return {
    toLookUp: (batch) => batch.filter((fp) => prefixes.has(prefix(fp))),
    inserted(fingerprint) {
      prefixes.add(prefix(fingerprint));
    },
  };
}
