import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUpload, MAX_UPLOAD_BYTES, saveUpload } from '../../src/library/uploads.js';
import { makeTempDir, seedsDir } from '../helpers.js';

const SEED = '000_25e8e057ea2890f6.txt';

describe('article uploads', () => {
  let temp: { dir: string; remove: () => Promise<void> };
  let seed: Uint8Array;
  beforeEach(async () => {
    temp = await makeTempDir();
    seed = await readFile(path.join(seedsDir, SEED));
  });
  afterEach(() => temp.remove());

  it('refuses files that are not articles, naming the file', async () => {
    await expect(checkUpload('slides.pdf', seed)).rejects.toThrow(/"slides\.pdf" is not a supported article file/);
    await expect(checkUpload('big.txt', new Uint8Array(MAX_UPLOAD_BYTES + 1))).rejects.toThrow(
      /"big\.txt" is larger than 2 MB/,
    );
    await expect(checkUpload('empty.txt', new Uint8Array())).rejects.toThrow(/"empty\.txt"/);
  });

  it('saves under uploads/ with a safe name, numbering a name already taken', async () => {
    const first = await saveUpload(temp.dir, await checkUpload('../../etc/新闻 稿.txt', seed));
    const second = await saveUpload(temp.dir, await checkUpload('新闻 稿.txt', seed));
    expect(first.file).toBe('uploads/新闻-稿.txt');
    expect(second.file).toBe('uploads/新闻-稿-2.txt');
    expect(second.article.file).toBe('uploads/新闻-稿-2.txt');
    expect(second.article.title).toBe(first.article.title);
    expect(await readFile(path.join(temp.dir, second.file))).toEqual(Buffer.from(seed));
  });
});
