export { createWorker, type ScanrelayWorker, type WorkerDeps } from './create-worker.js';
export * from './scanner-worker/index.js';
export { startWorkerServer, type WorkerServer, type WorkerServerOptions } from './start-worker-server.js';
