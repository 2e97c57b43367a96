import { describe, expect, it } from 'vitest';
import { chunkArticle, chunkSpans } from '../../src/ingestion/chunk.js';
import { sentenceSpans } from '../../src/text/sentences.js';
import { loadArticles } from '../../src/ingestion/load.js';
import { seedsDir } from '../helpers.js';

describe('chunking', () => {
  it('cuts the seeds into chunks whose offsets round-trip to the clean text', async () => {
    const { articles } = await loadArticles(seedsDir);
    expect(articles.length).toBeGreaterThan(0);
    for (const article of articles) {
      const chunks = chunkArticle(article);
      expect(chunks.length).toBeGreaterThan(1);
      for (const chunk of chunks) {
        expect(article.text.slice(chunk.metadata.start, chunk.metadata.end)).toBe(chunk.text);
        expect(chunk.text.length).toBeLessThanOrEqual(360);
        const { id: articleId, title, date, file } = article;
        expect(chunk.metadata).toMatchObject({ articleId, title, date, file });
        expect(chunk.embedText.startsWith(`${article.title}（${article.date}）\n`)).toBe(true);
        expect(chunk.embedText.endsWith(chunk.text)).toBe(true);
      }
      // Every sentence is in some chunk, and consecutive chunks overlap or touch.
      const spans = chunks.map((c) => c.metadata);
      for (const sentence of sentenceSpans(article.text)) {
        expect(spans.some((s) => s.start <= sentence.start && sentence.end <= s.end)).toBe(true);
      }
      for (let i = 1; i < spans.length; i += 1) {
        expect(spans[i]!.start).toBeGreaterThan(spans[i - 1]!.start);
        const gap = article.text.slice(spans[i - 1]!.end, Math.max(spans[i]!.start, spans[i - 1]!.end));
        expect(gap.trim()).toBe('');
      }
    }
  });

  it('ends chunks at sentence ends, not inside a sentence', async () => {
    const { articles } = await loadArticles(seedsDir);
    const chunks = articles.flatMap((a) => chunkArticle(a));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/[。！？；!?;”’」』）)】]$|[^\s]$/);
      expect(chunk.text.startsWith('。')).toBe(false);
    }
  });

  it('repeats the last sentence of a chunk at the start of the next when it is short', () => {
    const text = '第一句话比较长一些，用来填充这个块的长度。第二句。第三句也挺长的，继续填充内容。第四句。';
    const spans = chunkSpans(text, { maxChars: 30, overlapChars: 10 });
    expect(spans.length).toBeGreaterThan(1);
    const first = text.slice(spans[0]!.start, spans[0]!.end);
    const second = text.slice(spans[1]!.start, spans[1]!.end);
    expect(first.endsWith('第二句。')).toBe(true);
    expect(second.startsWith('第二句。')).toBe(true);
  });

  it('splits a sentence longer than a chunk at clause marks', () => {
    const long = `${'项目建设，'.repeat(100)}完成。`;
    const spans = chunkSpans(long, { maxChars: 100, overlapChars: 20 });
    expect(spans.every((s) => s.end - s.start <= 100)).toBe(true);
    expect(spans.map((s) => long.slice(s.start, s.end)).join('')).toContain('完成。');
  });
});
