/**
 * How long a parse runs before it lets the event loop serve everything else (sockets, timers): short
 * enough that an API in the same process (`scanrelay serve`) stays responsive during a big import,
 * long enough that the pauses cost nothing measurable.
 */
const SLICE_MS = 20;

/** A budget of wall time; `pause()` when it is `due()`. */
export interface TimeSlice {
  due(): boolean;
  /** Lets the event loop run once (I/O, timers, other requests), then starts a new slice. */
  pause(): Promise<void>;
}

/**
 * A long loop over in-memory data never yields to the event loop by itself (every `await` on a
 * settled promise resumes at once), so a 100 MB report would hold a whole server for seconds: the
 * readers check a slice between chunks and pause when it is used up.
 */
export function createTimeSlice(sliceMs = SLICE_MS): TimeSlice {
  let start = performance.now();
  return {
    due: () => performance.now() - start >= sliceMs,
    async pause() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = performance.now();
    },
  };
}
