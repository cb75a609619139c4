import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code (CommonJS, run with `eval`, so that it needs no file of its own in the source tree
 * or the bundle): its own connection to the database, which runs a PASSIVE checkpoint when asked and
 * answers with what the WAL held. A PASSIVE checkpoint waits for no one: it copies what no reader
 * still needs and leaves the rest for the next one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
parentPort.on('message', (msg) => {
  if (msg === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let answer;
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    answer = { ok: true, log: row.log, checkpointed: row.checkpointed };
  } catch (err) {
    answer = { ok: false, error: String(err && err.message) };
  }
  parentPort.postMessage(answer);
});
`;

export interface CheckpointerOptions {
  /** Commits between two checkpoints (default 16): a few hundred WAL pages for a webhook's groups. */
  everyCommits?: number;
}

/**
 * WAL checkpoints of a file database, run on a connection of their own in a worker thread instead of
 * inside a COMMIT on the write connection. SQLite's automatic checkpoint runs in the COMMIT that
 * takes the WAL past 1,000 pages: it copies them into the database file and syncs both files while
 * every request waiting on the event loop waits with it. Here the write connection asks after every
 * few commits, the worker copies and syncs, and the event loop goes on. The write connection keeps a
 * larger automatic checkpoint as a backstop (a reader holding an old snapshot, a dead worker).
 */
export class WalCheckpointer {
  readonly #filename: string;
  readonly #every: number;
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #since = 0;
  #busy = false;
  #closed = false;
  #checkpoints = 0;

  constructor(filename: string, opts: CheckpointerOptions = {}) {
    this.#filename = filename;
    this.#every = Math.max(1, opts.everyCommits ?? 16);
  }

  /** Checkpoints the worker has completed (for tests). */
  get checkpoints(): number {
    return this.#checkpoints;
  }

  /** Called after every COMMIT on the write connection: asks the worker once enough have piled up. */
  committed(): void {
    if (this.#closed || ++this.#since < this.#every || this.#busy) return;
    this.#since = 0;
    this.#busy = true;
    this.#start().postMessage('checkpoint');
  }

  // Started on first use: a store that commits a few times never has a worker.
  #start(): Worker {
    if (this.#worker) return this.#worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, filename: this.#filename },
    });
    worker.unref();
    worker.on('message', (answer: { ok: boolean }) => {
      this.#busy = false;
      if (answer.ok) this.#checkpoints++;
    });
    // A worker that fails leaves the checkpoints to the write connection's automatic one.
    worker.on('error', () => {
      this.#closed = true;
    });
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    this.#worker = worker;
    return worker;
  }

  /** Closes the worker's connection (after any checkpoint it is running) and ends the worker. */
  async close(): Promise<void> {
    this.#closed = true;
    if (!this.#worker) return;
    // Held open until it has exited, or nothing keeps the event loop waiting for it.
    this.#worker.ref();
    this.#worker.postMessage('close');
    await this.#exited;
  }
}
