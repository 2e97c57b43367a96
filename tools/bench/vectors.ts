// The vector store alone at scale: random normalised 512-d vectors in hnswlib-node (the index
// LangChain's HNSWLib wraps), build time, query latency and recall@10 against exact search for
// several ef values, and exact search's own latency for the ratio. Exact search is hnswlib's
// BruteforceSearch (C++, SIMD): the fastest scan at hand, so the ratio is not flattered by a slow
// JavaScript loop (which we also time, for reference, on a sample).
import hnswlib from 'hnswlib-node';
import { percentile, random } from '../stats.js';

export interface VectorBenchOptions {
  count: number;
  dimensions?: number;
  m: number;
  efConstruction: number;
  efValues: number[];
  queries?: number;
  /** `uniform`: independent random directions (the worst case: no neighbourhoods at all);
   * `clustered`: a shared direction, 1,000 topics and noise, calibrated to how the corpus's text
   * embeddings fall (see TEXT_LIKE). Default uniform. */
  distribution?: 'uniform' | 'clustered';
}

export interface EfResult {
  ef: number;
  recallAt10: number;
  p50Ms: number;
  p95Ms: number;
}

export interface VectorBenchResult {
  distribution: 'uniform' | 'clustered';
  count: number;
  dimensions: number;
  m: number;
  efConstruction: number;
  buildSeconds: number;
  /** Exact search with hnswlib's BruteforceSearch (native): the denominator of the speed-up. */
  bruteForceP50Ms: number;
  /** The same exact search as a plain JavaScript loop, for reference. */
  javascriptScanP50Ms: number;
  byEf: EfResult[];
  peakRssMb: number;
}

const TOPICS = 1000;

/**
 * Weights of a `clustered` point: a direction all points share, one of TOPICS topic directions,
 * and its own noise. Calibrated on the corpus's bge-small-zh chunk vectors, where two unrelated
 * chunks have cosine ≈ 0.47 (the model's common direction) and a chunk's nearest neighbours
 * 0.70–0.85: here unrelated points have cosine 0.47 and points of one topic ≈ 0.80.
 */
const TEXT_LIKE = { shared: Math.sqrt(0.47), topic: Math.sqrt(0.33), noise: Math.sqrt(0.2) };

function fill(target: Float32Array, offset: number, dimensions: number, next: () => number): void {
  let norm = 0;
  for (let j = 0; j < dimensions; j += 1) {
    const value = next() - 0.5;
    target[offset + j] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < dimensions; j += 1) target[offset + j]! *= scale;
}

/** Exact top-k by dot product in plain JavaScript (vectors are normalised, so this is cosine). */
function scanTopK(data: Float32Array, count: number, dimensions: number, query: Float32Array, k: number): number[] {
  const best: Array<[number, number]> = [];
  for (let i = 0; i < count; i += 1) {
    let dot = 0;
    const base = i * dimensions;
    for (let j = 0; j < dimensions; j += 1) dot += data[base + j]! * query[j]!;
    if (best.length < k || dot > best[best.length - 1]![1]) {
      best.push([i, dot]);
      best.sort((a, b) => b[1] - a[1]);
      if (best.length > k) best.pop();
    }
  }
  return best.map(([i]) => i);
}

type Sample = (target: Float32Array, offset: number) => void;

/** A point: a random direction, or the shared direction + a topic + noise (see TEXT_LIKE). */
function createSampler(dimensions: number, distribution: 'uniform' | 'clustered', next: () => number): Sample {
  const shared = new Float32Array(dimensions);
  fill(shared, 0, dimensions, next);
  const centres = new Float32Array(TOPICS * dimensions);
  for (let c = 0; c < TOPICS; c += 1) fill(centres, c * dimensions, dimensions, next);
  return (target, offset) => {
    fill(target, offset, dimensions, next);
    if (distribution === 'uniform') return;
    const c = Math.floor(next() * TOPICS) * dimensions;
    let norm = 0;
    for (let j = 0; j < dimensions; j += 1) {
      const topic = TEXT_LIKE.topic * centres[c + j]!;
      const value = TEXT_LIKE.shared * shared[j]! + topic + TEXT_LIKE.noise * target[offset + j]!;
      target[offset + j] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < dimensions; j += 1) target[offset + j]! *= scale;
  };
}

/** Recall@10 against the exact top 10 and query latency at one ef. */
function measureEf(
  index: hnswlib.HierarchicalNSW,
  queries: number[][],
  truth: Array<Set<number>>,
  ef: number,
): EfResult {
  index.setEf(ef);
  const ms: number[] = [];
  let hits = 0;
  queries.forEach((q, i) => {
    const t = performance.now();
    const result = index.searchKnn(q, 10);
    ms.push(performance.now() - t);
    hits += result.neighbors.filter((n) => truth[i]!.has(n)).length;
  });
  return { ef, recallAt10: hits / (queries.length * 10), p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95) };
}

/** Milliseconds of each call, and what it returned. */
function timeEach<T, R>(inputs: readonly T[], run: (input: T) => R): { ms: number[]; results: R[] } {
  const ms: number[] = [];
  const results = inputs.map((input) => {
    const t = performance.now();
    const result = run(input);
    ms.push(performance.now() - t);
    return result;
  });
  return { ms, results };
}

export function benchVectors(options: VectorBenchOptions): VectorBenchResult {
  const { count, m, efConstruction } = options;
  const dimensions = options.dimensions ?? 512;
  const distribution = options.distribution ?? 'uniform';
  const next = random(42);
  const sample = createSampler(dimensions, distribution, next);
  const data = new Float32Array(count * dimensions);
  for (let i = 0; i < count; i += 1) sample(data, i * dimensions);
  const point = new Array<number>(dimensions).fill(0);
  const pointAt = (i: number): number[] => {
    for (let j = 0; j < dimensions; j += 1) point[j] = data[i * dimensions + j]!;
    return point;
  };

  const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
  index.initIndex({ maxElements: count, m, efConstruction, randomSeed: 100 });
  const started = performance.now();
  for (let i = 0; i < count; i += 1) index.addPoint(pointAt(i), i);
  const buildSeconds = (performance.now() - started) / 1000;

  const exact = new hnswlib.BruteforceSearch('cosine', dimensions);
  exact.initIndex(count);
  for (let i = 0; i < count; i += 1) exact.addPoint(pointAt(i), i);

  const queries = Array.from({ length: options.queries ?? 100 }, () => {
    const q = new Float32Array(dimensions);
    sample(q, 0);
    return Array.from(q);
  });
  const exactRuns = timeEach(queries, (q) => exact.searchKnn(q, 10).neighbors);
  const truth = exactRuns.results.map((top) => new Set(top));
  const scanRuns = timeEach(queries.slice(0, 10), (q) => scanTopK(data, count, dimensions, Float32Array.from(q), 10));
  return {
    distribution,
    count,
    dimensions,
    m,
    efConstruction,
    buildSeconds,
    bruteForceP50Ms: percentile(exactRuns.ms, 50),
    javascriptScanP50Ms: percentile(scanRuns.ms, 50),
    byEf: options.efValues.map((ef) => measureEf(index, queries, truth, ef)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
