// The vector store alone at scale: random normalised 512-d vectors in hnswlib-node (the index
// LangChain's HNSWLib wraps), build time, query latency and recall@10 against exact brute force
// for several ef values, and brute force's own latency for the ratio.
import hnswlib from 'hnswlib-node';

export interface VectorBenchOptions {
  count: number;
  dimensions?: number;
  m: number;
  efConstruction: number;
  efValues: number[];
  queries?: number;
  /** `uniform`: independent random directions (the worst case: no neighbourhoods at all);
   * `clustered`: points around 1,000 random centres, closer to how text embeddings fall. Default uniform. */
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
  bruteForceP50Ms: number;
  byEf: EfResult[];
  peakRssMb: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Exact top-k by dot product (vectors are normalised, so this is cosine). */
function bruteForce(data: Float32Array, count: number, dimensions: number, query: Float32Array, k: number): number[] {
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

export function benchVectors(options: VectorBenchOptions): VectorBenchResult {
  const dimensions = options.dimensions ?? 512;
  const queries = options.queries ?? 100;
  const distribution = options.distribution ?? 'uniform';
  const next = random(42);
  const centres = new Float32Array(1000 * dimensions);
  for (let c = 0; c < 1000; c += 1) fill(centres, c * dimensions, dimensions, next);
  /** A point: a random direction, or a centre plus noise a fifth of its size. */
  const sample = (target: Float32Array, offset: number): void => {
    fill(target, offset, dimensions, next);
    if (distribution === 'uniform') return;
    const c = Math.floor(next() * 1000) * dimensions;
    let norm = 0;
    for (let j = 0; j < dimensions; j += 1) {
      const value = centres[c + j]! + 0.2 * target[offset + j]!;
      target[offset + j] = value;
      norm += value * value;
    }
    for (let j = 0; j < dimensions; j += 1) target[offset + j]! /= Math.sqrt(norm);
  };
  const data = new Float32Array(options.count * dimensions);
  for (let i = 0; i < options.count; i += 1) sample(data, i * dimensions);

  const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
  index.initIndex({ maxElements: options.count, m: options.m, efConstruction: options.efConstruction, randomSeed: 100 });
  const point = new Array<number>(dimensions).fill(0);
  const started = performance.now();
  for (let i = 0; i < options.count; i += 1) {
    for (let j = 0; j < dimensions; j += 1) point[j] = data[i * dimensions + j]!;
    index.addPoint(point, i);
  }
  const buildSeconds = (performance.now() - started) / 1000;

  const queryVectors = Array.from({ length: queries }, () => {
    const q = new Float32Array(dimensions);
    sample(q, 0);
    return q;
  });
  const bruteMs: number[] = [];
  const truth = queryVectors.map((q) => {
    const t = performance.now();
    const top = bruteForce(data, options.count, dimensions, q, 10);
    bruteMs.push(performance.now() - t);
    return new Set(top);
  });
  const byEf = options.efValues.map((ef) => {
    index.setEf(ef);
    const ms: number[] = [];
    let hits = 0;
    queryVectors.forEach((q, i) => {
      const asArray = Array.from(q);
      const t = performance.now();
      const result = index.searchKnn(asArray, 10);
      ms.push(performance.now() - t);
      hits += result.neighbors.filter((n) => truth[i]!.has(n)).length;
    });
    return { ef, recallAt10: hits / (queries * 10), p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95) };
  });
  return {
    distribution,
    count: options.count,
    dimensions,
    m: options.m,
    efConstruction: options.efConstruction,
    buildSeconds,
    bruteForceP50Ms: percentile(bruteMs, 50),
    byEf,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
