// Plain-text articles: a title line, then a header line of date and time and "|"-separated fields
// ("YYYY-MM-DD hh:mm:ss|来源:<publisher>|编辑:<editor>"), then paragraphs one per line.
import { toIsoDate } from './clean.js';
import type { ParsedArticle } from './types.js';

const HEADER_LINE = /^\s*(\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*[|｜](.*)$/;
const SOURCE_FIELD = /^\s*(?:来源|来自|source)\s*[:：]\s*(.+?)\s*$/i;

export function parsePlainText(text: string): ParsedArticle {
  const lines = text.split(/\r?\n/);
  let title: string | undefined;
  let date: string | undefined;
  let publisher: string | undefined;
  const paragraphs: string[] = [];
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const header = date === undefined && index < 10 ? HEADER_LINE.exec(trimmed) : null;
    if (header) {
      date = toIsoDate(header[1]);
      for (const field of (header[2] ?? '').split(/[|｜]/)) {
        const source = SOURCE_FIELD.exec(field);
        if (source) publisher = source[1];
      }
      continue;
    }
    if (title === undefined && trimmed.length <= 80) {
      title = trimmed;
      continue;
    }
    paragraphs.push(trimmed);
  }
  if (date === undefined) {
    const early = lines.slice(0, 6).join(' ');
    date = toIsoDate(early);
  }
  return { title, date, publisher, url: undefined, paragraphs };
}
