// The plain LangChain recipe we compare against: whole files as they are, RecursiveCharacterTextSplitter
// with its defaults, HNSWLib over the same embeddings, top-4 similarity search.
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeArticleBytes } from '../ingestion/decode.js';
import { listFiles } from '../ingestion/load.js';
import type { ItemResult, QaItem } from './quality.js';

export interface BaselineRun {
  results: ItemResult[];
  buildSeconds: number;
  chunks: number;
}

export async function runBaseline(docsDir: string, embeddings: Embeddings, items: readonly QaItem[], k = 4): Promise<BaselineRun> {
  const started = performance.now();
  const documents: Document[] = [];
  for (const file of await listFiles(docsDir)) {
    const decoded = decodeArticleBytes(await readFile(file));
    if (!decoded.ok) continue;
    documents.push(new Document({ pageContent: decoded.text, metadata: { file: path.relative(docsDir, file) } }));
  }
  const chunks = await new RecursiveCharacterTextSplitter().splitDocuments(documents);
  const store = await HNSWLib.fromDocuments(chunks, embeddings);
  const buildSeconds = (performance.now() - started) / 1000;
  const results: ItemResult[] = [];
  for (const item of items) {
    const askedAt = performance.now();
    const found = await store.similaritySearch(item.question, k);
    const files = [...new Set(found.map((d) => String(d.metadata.file)))];
    const ranks = item.sources.map((s) => files.findIndex((f) => path.basename(f) === path.basename(s)) + 1).filter((r) => r > 0);
    results.push({
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
    });
  }
  return { results, buildSeconds, chunks: chunks.length };
}
