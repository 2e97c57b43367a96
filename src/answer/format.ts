// The one way a source is named ("title — publisher, date"), and the plain-text rendering of an
// Answer for terminals: the text, then the numbered source list.
import { messageIn, renderMessage } from '../messages.js';
import type { Answer } from './types.js';

/** What a source line shows; citations and indexed articles both have these. */
export interface SourceFacts {
  title: string;
  publisher?: string | undefined;
  date?: string | undefined;
}

export interface DescribeSourceOptions {
  /** The title as it should appear (e.g. linked for Telegram). Default: the title, escaped. */
  title?: string;
  /** Applied to the texts taken from the source (e.g. HTML escaping). Default: none. */
  escape?: (text: string) => string;
  /** Between the title and "publisher, date". Default ' — '. */
  separator?: string;
}

/** "title — publisher, date", leaving out what the source does not tell. */
export function describeSource(source: SourceFacts, options: DescribeSourceOptions = {}): string {
  const { escape = (text: string) => text, separator = ' — ' } = options;
  const title = options.title ?? escape(source.title);
  const details = [source.publisher, source.date].filter(Boolean).join(', ');
  return details ? `${title}${separator}${escape(details)}` : title;
}

export function formatAnswerPlain(answer: Answer): string {
  if (answer.citations.length === 0) return answer.text;
  const heading = messageIn(answer.language, 'sourcesListed');
  const sources = answer.citations.map((c) => {
    const link = c.url ?? renderMessage('sourceFile', c.file);
    return `[${c.n}] ${describeSource(c)}\n    ${link}`;
  });
  return `${answer.text}\n\n${heading}\n${sources.join('\n')}`;
}
