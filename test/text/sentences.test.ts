import { describe, expect, it } from 'vitest';
import { sentenceSpans, splitSentences } from '../../src/text/sentences.js';

describe('sentences of article text', () => {
  it('ends sentences at Chinese and Latin marks, semicolons included, keeping closing quotes', () => {
    expect(splitSentences('项目开工。他说：“很好！”随后签约；共计11个? Yes!')).toEqual([
      '项目开工。',
      '他说：“很好！”',
      '随后签约；',
      '共计11个?',
      'Yes!',
    ]);
  });

  it('ends a sentence at a blank line but not at a line break, and keeps exact offsets', () => {
    const text = '  第一段没有句号\n\n第二段\n接着写。  ';
    const spans = sentenceSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['第一段没有句号', '第二段\n接着写。']);
    expect(spans[0]).toEqual({ start: 2, end: 9 });
  });

  it('treats a full stop inside a figure as part of it', () => {
    expect(splitSentences('投资30.97亿元。增长5.5%。')).toEqual(['投资30.97亿元。', '增长5.5%。']);
  });
});

describe('sentences of generated answers', () => {
  it('keeps the citation markers after a sentence end with the sentence they close', () => {
    expect(splitSentences('投资总额12亿元。[1][2] 另有3个项目。[3]', 'answer')).toEqual([
      '投资总额12亿元。[1][2]',
      '另有3个项目。[3]',
    ]);
    expect(splitSentences('It signed 11 projects. [1] Then more. [2]', 'answer')).toEqual([
      'It signed 11 projects. [1]',
      'Then more. [2]',
    ]);
  });

  it('ends a sentence at every line break and at a full stop before a space, not at a decimal point', () => {
    expect(splitSentences('第一行[1]\n第二行 12.5亿元[2]', 'answer')).toEqual(['第一行[1]', '第二行 12.5亿元[2]']);
    expect(splitSentences('Worth 3.10 billion.[1]', 'answer')).toEqual(['Worth 3.10 billion.[1]']);
  });

  it('does not end a generated sentence at a semicolon, nor keep a closing quote with it', () => {
    expect(splitSentences('甲；乙。”丙', 'answer')).toEqual(['甲；乙。', '”丙']);
  });
});
