export { createWorker, type ScanrelayWorker, type WorkerDeps } from './create-worker.js';
