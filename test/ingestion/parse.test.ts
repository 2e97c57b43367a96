import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeArticleBytes } from '../../src/ingestion/decode.js';
import { loadArticles } from '../../src/ingestion/load.js';
import { parseArticle } from '../../src/ingestion/parse.js';
import type { Article } from '../../src/ingestion/types.js';
import { fixturesDir, seedsDir } from '../helpers.js';

async function parseFile(dir: string, file: string): Promise<Article> {
  const decoded = decodeArticleBytes(await readFile(path.join(dir, file)));
  if (!decoded.ok) throw new Error(decoded.reason);
  const outcome = parseArticle(file, decoded.text);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.articles[0]!;
}

describe('the seed articles', () => {
  it('reads the Qiqihar plain-text article with its header line and without the copyright statement', async () => {
    const article = await parseFile(seedsDir, '000_25e8e057ea2890f6.txt');
    expect(article.title).toBe('齐齐哈尔市招商引资工作按下“快进键”');
    expect(article.date).toBe('2020-03-30');
    expect(article.publisher).toBe('齐齐哈尔新闻网');
    expect(article.text).toContain('投资总额达172亿元');
    expect(article.text).toContain('碾子山区');
    expect(article.text).not.toMatch(/版权|国际在线|追究|原标题|编辑:/);
    expect(article.paragraphs.every((p) => p === p.trim() && p.length > 0)).toBe(true);
  });

  it('reads the Heilongjiang Daily Jekyll post: front matter, HTML paragraphs, source and link', async () => {
    const article = await parseFile(seedsDir, '001_be753a4b79a1e782.txt');
    expect(article.title).toBe('明晰招商轨迹 吸引大项目落地');
    expect(article.date).toBe('2022-03-28');
    expect(article.publisher).toBe('黑龙江日报');
    expect(article.url).toBe('http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203282324190587');
    expect(article.text).toContain('11个项目，投资总额30.97亿元。');
    expect(article.text).not.toMatch(/<\/?p|返回|文章来源|□|layout:|http/);
  });

  it('gives each article a stable id from its path', async () => {
    const first = await parseFile(seedsDir, '000_25e8e057ea2890f6.txt');
    const again = await parseFile(seedsDir, '000_25e8e057ea2890f6.txt');
    const other = await parseFile(seedsDir, '001_be753a4b79a1e782.txt');
    expect(first.id).toBe(again.id);
    expect(first.id).not.toBe(other.id);
    expect(first.contentHash).toBe(again.contentHash);
  });
});

describe('one fixture of each format', () => {
  const dir = path.join(fixturesDir, 'articles');

  it('reads plain text with a header line, dropping credits and navigation', async () => {
    const article = await parseFile(dir, 'plain-header.txt');
    expect(article).toMatchObject({
      title: '绥化市上半年招商引资签约项目58个',
      date: '2021-07-12',
      publisher: '绥化新闻网',
    });
    expect(article.text).toContain('总投资326.5亿元');
    expect(article.text).not.toMatch(/责任编辑|返回首页|原标题/);
  });

  it('reads Markdown with YAML front matter, reducing Markdown syntax to text', async () => {
    const article = await parseFile(dir, 'hexo-post.md');
    expect(article).toMatchObject({
      title: '七台河与中煤集团签约石墨烯产业园项目',
      date: '2022-05-18',
      publisher: '七台河日报',
      url: 'https://example.com/news/qth-20220518.html',
    });
    expect(article.paragraphs[0]).toBe('5月17日，七台河市与中煤集团在哈尔滨签约石墨烯产业园项目，项目总投资45亿元。');
    expect(article.text).not.toMatch(/\*\*|\]\(|!\[|^##|责任编辑/m);
  });

  it('reads an HTML page: the article block only, no scripts, navigation or footer', async () => {
    const article = await parseFile(dir, 'news-page.html');
    expect(article).toMatchObject({
      title: '鸡西市与比亚迪签约动力电池项目',
      date: '2023-04-06',
      publisher: '鸡西新闻网',
      url: 'https://example.com/jixi/2023/0406/byd.html',
    });
    expect(article.paragraphs).toHaveLength(3);
    expect(article.text).toContain('双方将合作建设年产20GWh动力电池项目，计划总投资120亿元。');
    expect(article.text).not.toMatch(/tracker|首页|分享到|Copyright|版权|color/);
  });

  it('detects a GB2312-encoded page from its declared charset', async () => {
    const article = await parseFile(dir, 'gbk-page.html');
    expect(article).toMatchObject({ title: '双鸭山市一季度签约项目12个', date: '2021-04-02', publisher: '双鸭山日报' });
    expect(article.text).toContain('签约总额86.3亿元');
    expect(article.text).not.toContain('发布时间');
  });
});

describe('full-width figures', () => {
  it('reads full-width digits and letters as ASCII and keeps Chinese punctuation', () => {
    const text =
      '2011-03-14 09:00|来源:新华社\n南京在台湾收获５０亿美元大单\n\n新华社报道，南京经贸考察团已签下超过５０亿美元大单，投资３．５亿美元的物联网基地，增长１２％；ＧＤＰ稳定。';
    const outcome = parseArticle('fullwidth.txt', text);
    if (!outcome.ok) throw new Error(outcome.reason);
    const article = outcome.articles[0]!;
    expect(article.title).toBe('南京在台湾收获50亿美元大单');
    expect(article.text).toContain('超过50亿美元大单，投资3.5亿美元的物联网基地，增长12%；GDP稳定。');
  });
});

describe('files that hold no article', () => {
  it('skips empty, binary and unknown files with a warning naming each, and keeps going', async () => {
    const warnings: string[] = [];
    const log = { warn: (_obj: unknown, message: string) => warnings.push(message) };
    const { articles, skipped } = await loadArticles(
      path.join(fixturesDir, 'broken'),
      log as unknown as Parameters<typeof loadArticles>[1],
    );
    expect(articles.map((a) => a.file)).toEqual(['good.txt']);
    expect(skipped.map((s) => s.file).sort()).toEqual(['binary.txt', 'empty.txt', 'slides.pdf']);
    expect(warnings.join('\n')).toMatch(/binary\.txt/);
    expect(warnings.join('\n')).toMatch(/empty\.txt/);
    expect(warnings.join('\n')).toMatch(/slides\.pdf: unsupported file type/);
  });

  it('says clearly when the folder does not exist', async () => {
    await expect(loadArticles(path.join(fixturesDir, 'no-such-folder'))).rejects.toThrow(/does not exist/);
  });
});
