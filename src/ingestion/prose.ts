// Whether an article's clean text reads as prose. Word lists, tables of one-character lines and
// text without a single sentence end are not articles: they only fill the index with chunks no
// question matches. The thresholds sit far outside the real corpus (1,000+ articles): its articles
// have at most 180 characters per sentence end, no lines of one or two characters, and at most
// about 4,000 characters of text.

/** Below this many characters a text is too short to judge (a one-line story has no sentence end). */
const MIN_JUDGED_CHARS = 200;
/** More characters than this per sentence end is not prose (the corpus has at most 180). */
const MAX_CHARS_PER_SENTENCE_END = 1000;
/** Lines of at most this many characters count as fragments. */
const FRAGMENT_CHARS = 2;
/** A text of at least this many lines, at least half of them fragments, is not prose. */
const MIN_JUDGED_LINES = 20;
const MAX_FRAGMENT_SHARE = 0.5;
/** Longest article text, in characters: fifty times the corpus's longest, a few hundred chunks. */
export const MAX_ARTICLE_CHARS = 200_000;

const SENTENCE_END = /[。！？；!?;.．]/g;

/** Why `text` is not an article's prose (or is too long for one), or undefined when it is fine. */
export function notProseReason(text: string): string | undefined {
  const chars = text.replace(/\s+/g, '').length;
  if (chars < MIN_JUDGED_CHARS) return undefined;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const fragments = lines.filter((line) => [...line.trim()].length <= FRAGMENT_CHARS).length;
  if (lines.length >= MIN_JUDGED_LINES && fragments / lines.length >= MAX_FRAGMENT_SHARE) {
    return `not prose: ${fragments} of its ${lines.length} lines have at most ${FRAGMENT_CHARS} characters`;
  }
  const ends = text.match(SENTENCE_END)?.length ?? 0;
  if (chars / Math.max(ends, 1) > MAX_CHARS_PER_SENTENCE_END) {
    return ends === 0
      ? `not prose: ${chars} characters without a sentence end`
      : `not prose: ${chars} characters with only ${ends} sentence ends`;
  }
  if (text.length > MAX_ARTICLE_CHARS) {
    return `the article text is longer than ${MAX_ARTICLE_CHARS.toLocaleString('en-US')} characters`;
  }
  return undefined;
}
