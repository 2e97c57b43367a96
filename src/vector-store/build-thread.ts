// The CPU-heavy part of a full build — the HNSW graph over every vector and the BM25 keyword index
// over every chunk — done in a worker thread: at 100k chunks it takes about a minute, during which
// the bot's event loop must stay free for its users. The graph comes back as a file the worker
// saved (hnswlib loads it on libuv's thread pool), the keyword index as typed arrays moved, not copied.
import hnswlib from 'hnswlib-node';
import { AppError } from '../errors.js';
import { runWorkerOnce } from '../worker-thread.js';
import { KeywordIndex, type PackedKeywordIndex } from './keyword-index.js';

export interface GraphParams {
  m: number;
  efConstruction: number;
}

/** What the worker is given, in `workerData`. */
export interface BuildJob {
  /** Where the worker saves the graph. */
  graphFile: string;
  dimensions: number;
  graph: GraphParams;
  /** Every chunk's vector, one after another in label order. */
  vectors: Float32Array;
  /** The texts of the keyword index's documents, one after another, and their lengths. */
  texts: string;
  textLengths: Int32Array;
}

/**
 * Below this many chunks a build is done on the calling thread: starting a worker (and, under tsx,
 * compiling its modules) takes longer than the tenth of a second the work holds the event loop.
 */
export const THREAD_FROM_CHUNKS = 200;

/** Builds a job's graph, saved to its file, and its keyword index, on the thread that calls it. */
export async function runBuildJob(job: BuildJob): Promise<KeywordIndex> {
  const { dimensions, vectors } = job;
  const count = dimensions === 0 ? 0 : vectors.length / dimensions;
  const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
  graph.initIndex({ maxElements: count, m: job.graph.m, efConstruction: job.graph.efConstruction, randomSeed: 100 });
  for (let label = 0; label < count; label += 1) {
    graph.addPoint(Array.from(vectors.subarray(label * dimensions, (label + 1) * dimensions)), label);
  }
  await graph.writeIndex(job.graphFile);
  const texts: string[] = [];
  let at = 0;
  for (const length of job.textLengths) {
    texts.push(job.texts.slice(at, at + length));
    at += length;
  }
  return KeywordIndex.build(texts);
}

/**
 * Builds the graph of `vectors` (saved to `graphFile`) and the keyword index of `texts`, in a worker
 * thread from `THREAD_FROM_CHUNKS` texts on: the caller's event loop stays free meanwhile.
 */
export async function buildGraphAndKeywords(
  graphFile: string,
  dimensions: number,
  graph: GraphParams,
  vectors: Float32Array,
  texts: readonly string[],
): Promise<KeywordIndex> {
  const job: BuildJob = {
    graphFile,
    dimensions,
    graph,
    vectors,
    texts: texts.join(''),
    textLengths: Int32Array.from(texts, (text) => text.length),
  };
  if (texts.length < THREAD_FROM_CHUNKS) return runBuildJob(job);
  const reply = await runWorkerOnce<PackedKeywordIndex>(import.meta.url, 'build-worker', job, [
    vectors.buffer as ArrayBuffer,
    job.textLengths.buffer as ArrayBuffer,
  ]);
  if (!reply.ok) throw new AppError('index_build_failed', `building the index failed: ${reply.reason}`);
  return KeywordIndex.unpack(reply.value);
}
