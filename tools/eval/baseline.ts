// The plain LangChain recipe we compare against: whole files as they are, RecursiveCharacterTextSplitter
// with its defaults, HNSWLib over the same embeddings, top-4 similarity search.
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeArticleBytes } from '../../src/ingestion/decode.js';
import { listFiles } from '../../src/ingestion/load.js';
import type { Embedder } from '../../src/vector-store/embeddings.js';
import type { ItemResult, QaItem } from './quality.js';

export interface BaselineRun {
  results: ItemResult[];
  buildSeconds: number;
  chunks: number;
}

/** Every readable file whole, as the recipe takes them: no parsing, no cleaning. */
async function readWholeFiles(docsDir: string): Promise<Document[]> {
  const documents: Document[] = [];
  for (const file of await listFiles(docsDir)) {
    const decoded = decodeArticleBytes(await readFile(file));
    if (!decoded.ok) continue;
    documents.push(new Document({ pageContent: decoded.text, metadata: { file: path.relative(docsDir, file) } }));
  }
  return documents;
}

/**
 * The recipe's store, embedded as the product embeds (`embedder.batchSize` texts per call, one call at a
 * time). `HNSWLib.fromDocuments` would hand every chunk to one embedDocuments call, which the local model
 * runs as all its batches at once: memory grows with the corpus (tens of gigabytes on the shared one), and
 * the vectors differ slightly from the product's, so neither build time nor retrieval would compare fairly.
 * The vectors are then added in one call, in chunk order, as fromDocuments adds them.
 */
async function buildStore(chunks: Document[], embedder: Embedder): Promise<HNSWLib> {
  const vectors: number[][] = [];
  for (let i = 0; i < chunks.length; i += embedder.batchSize) {
    const batch = chunks.slice(i, i + embedder.batchSize);
    vectors.push(...(await embedder.embeddings.embedDocuments(batch.map((chunk) => chunk.pageContent))));
  }
  const store = new HNSWLib(embedder.embeddings, { space: 'cosine' });
  await store.addVectors(vectors, chunks);
  return store;
}

/** The recipe's answer to one question: the rank of the first gold file among the files of its top k. */
async function askBaseline(store: HNSWLib, item: QaItem, k: number): Promise<ItemResult> {
  const askedAt = performance.now();
  const found = await store.similaritySearch(item.question, k);
  const files = [...new Set(found.map((d) => String(d.metadata.file)))];
  const ranks = item.sources
    .map((s) => files.findIndex((f) => path.basename(f) === path.basename(s)) + 1)
    .filter((r) => r > 0);
  return {
    id: item.id,
    lang: item.lang,
    kind: item.kind,
    question: item.question,
    status: 'answered',
    rank: ranks.length > 0 ? Math.min(...ranks) : 0,
    // The recipe retrieves passages but writes no answer: correctness and declines do not apply.
    correct: false,
    missing: item.must_include,
    faithful: true,
    unfaithfulFigures: [],
    seconds: (performance.now() - askedAt) / 1000,
    text: '',
  };
}

export async function runBaseline(
  docsDir: string,
  embedder: Embedder,
  items: readonly QaItem[],
  k = 4,
): Promise<BaselineRun> {
  const started = performance.now();
  const chunks = await new RecursiveCharacterTextSplitter().splitDocuments(await readWholeFiles(docsDir));
  const store = await buildStore(chunks, embedder);
  const buildSeconds = (performance.now() - started) / 1000;
  const results: ItemResult[] = [];
  for (const item of items) results.push(await askBaseline(store, item, k));
  return { results, buildSeconds, chunks: chunks.length };
}
