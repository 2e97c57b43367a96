// A folder holding files built to hurt (see pathological-files.ts) beside a good article.
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/ingestion/load.js';
import type { Logger } from '../../src/log.js';
import { makeTempDir, seedsDir } from '../helpers.js';
import { BUDGET_MS, hugeText, nestedDivs, oneCharacterLines, TICK_MS, ticksDuring } from './pathological-files.js';

describe('pathological article files in a folder', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
    await copyFile(path.join(seedsDir, '000_25e8e057ea2890f6.txt'), path.join(temp.dir, 'good.txt'));
    await writeFile(path.join(temp.dir, 'nested.html'), nestedDivs());
    await writeFile(path.join(temp.dir, 'lines.txt'), oneCharacterLines());
    await writeFile(path.join(temp.dir, 'huge.txt'), hugeText());
  });
  afterAll(() => temp.remove());

  it('skips each with a warning naming it, reads the rest, and never blocks the event loop', async () => {
    const warnings: string[] = [];
    const log = { warn: (_details: unknown, message: string) => warnings.push(message) } as unknown as Logger;
    const { result, ticks } = await ticksDuring(() => loadArticles(temp.dir, log, { parseTimeoutMs: BUDGET_MS }));
    expect(result.articles.map((a) => a.file)).toEqual(['good.txt']);
    expect(result.skipped).toEqual([
      { file: 'huge.txt', reason: 'the article text is longer than 200,000 characters' },
      { file: 'lines.txt', reason: 'not prose: 200000 of its 200000 lines have at most 2 characters' },
      { file: 'nested.html', reason: `reading it took longer than ${BUDGET_MS / 1000} s` },
    ]);
    expect(warnings).toEqual(result.skipped.map(({ file, reason }) => `skipped ${file}: ${reason}`));
    // The nested file alone holds its reader for the whole budget: a free event loop ticks all along.
    expect(ticks).toBeGreaterThan(BUDGET_MS / TICK_MS / 4);
  });
});
