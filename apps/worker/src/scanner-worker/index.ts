export { createScanDeps, type ScanDepsOptions } from './create-scan-deps.js';
export type { ScanJobDeps } from './run-scan-job.js';

export { type ScannerWorker, type ScannerWorkerOptions, startScannerWorker } from './start-scanner-worker.js';
