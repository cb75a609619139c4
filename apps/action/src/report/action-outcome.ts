import type { SeverityCounts } from '@scanrelay/findings-schema';
import type { Highlight } from './highlight.js';

/** What a mode did, for the outputs, the job summary, the annotations and the exit status. */
export interface ActionOutcome {
  /**
   * `pass` / `fail` by the gate's policy; `pending` when no findings are known yet (fire-and-forget,
   * an upload not waited for); `gate` also says `unverified`, `unavailable` or `refused`.
   */
  verdict: string;
  /** One sentence: why the verdict. */
  reason: string;
  /** The step's exit status: 0 passes, otherwise the step fails with `reason`. */
  exitCode: number;
  counts?: SeverityCounts;
  /** The most severe findings, most severe first. */
  highlights: Highlight[];
  jobId?: string;
  scanId?: string;
  sarifPath?: string;
  /** Further lines for the job summary (Markdown), e.g. where the files are. */
  notes: string[];
}
