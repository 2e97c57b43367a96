// The worker thread of build-thread.ts: builds one build's HNSW graph (saved to a file) and keyword
// index, answers once, and ends.
import { workerData } from 'node:worker_threads';
import { replyOnce } from '../worker-thread.js';
import { runBuildJob, type BuildJob } from './build-thread.js';

replyOnce(
  async () => (await runBuildJob(workerData as BuildJob)).pack(),
  (packed) => [packed.termLengths, packed.pairCounts, packed.pairs, packed.lengths].map((a) => a.buffer as ArrayBuffer),
);
