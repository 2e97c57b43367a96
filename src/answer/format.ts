// Plain-text rendering of an Answer for terminals: the text, then the numbered source list.
import type { Answer, Citation } from './types.js';

/** "明晰招商轨迹 吸引大项目落地 — 黑龙江日报, 2022-03-28" */
export function describeSource(citation: Citation): string {
  const details = [citation.publisher, citation.date].filter(Boolean).join(', ');
  return details ? `${citation.title} — ${details}` : citation.title;
}

export function formatAnswerPlain(answer: Answer): string {
  if (answer.citations.length === 0) return answer.text;
  const heading = answer.language === 'zh' ? '来源：' : 'Sources:';
  const sources = answer.citations.map((c) => {
    const link = c.url ?? `(file: ${c.file})`;
    return `[${c.n}] ${describeSource(c)}\n    ${link}`;
  });
  return `${answer.text}\n\n${heading}\n${sources.join('\n')}`;
}
