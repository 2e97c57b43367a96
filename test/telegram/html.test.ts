import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { escapeHtml, renderAnswer, renderPassages, splitMessage } from '../../src/telegram/html.js';

const answer: Answer = {
  status: 'answered',
  question: 'q',
  language: 'zh',
  text: '投资总额30.97亿元 <script>x</script> & more[1]',
  citations: [
    {
      n: 1,
      articleId: 'a',
      title: '标题 <b>',
      publisher: '黑龙江日报',
      date: '2022-03-28',
      url: 'http://example.com/?a=1&b=2',
      file: 'x.txt',
      passage: '原文 <i>段落</i>',
    },
    {
      n: 2,
      articleId: 'b',
      title: '无链接',
      publisher: undefined,
      date: undefined,
      url: undefined,
      file: 'y.txt',
      passage: 'p',
    },
  ],
};

describe('Telegram HTML', () => {
  it('escapes everything from articles and users, keeping its own tags', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    const html = renderAnswer(answer);
    expect(html).toContain('投资总额30.97亿元 &lt;script&gt;x&lt;/script&gt; &amp; more[1]');
    expect(html).toContain('<b>来源</b>');
    expect(html).toContain('[1] <a href="http://example.com/?a=1&amp;b=2">标题 &lt;b&gt;</a> — 黑龙江日报, 2022-03-28');
    expect(html).toContain('[2] 无链接');
    expect(renderPassages(answer)).toContain('<blockquote>原文 &lt;i&gt;段落&lt;/i&gt;</blockquote>');
  });

  it('splits long messages under 4096 characters at paragraph breaks, with tags balanced', () => {
    const paragraph = `<b>${'招商引资签约项目，投资总额30.97亿元。'.repeat(20)}</b>`;
    const html = Array.from({ length: 12 }, () => paragraph).join('\n\n');
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect((part.match(/<b>/g) ?? []).length).toBe((part.match(/<\/b>/g) ?? []).length);
    }
    const textOf = (markup: string): string => markup.replace(/<\/?b>/g, '').replace(/\s/g, '');
    expect(textOf(parts.join(''))).toBe(textOf(html));
  });

  it('splits one huge paragraph inside a tag without breaking the tag or an entity', () => {
    const html = `<blockquote>${'数据&amp;分析。'.repeat(1200)}</blockquote>`;
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.startsWith('<blockquote>')).toBe(true);
      expect(part.endsWith('</blockquote>')).toBe(true);
      expect(part).not.toMatch(/&(?!amp;)/);
    }
  });

  it('keeps short messages whole', () => {
    expect(splitMessage('short')).toEqual(['short']);
  });
});
