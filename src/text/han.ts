// The Han-character test, in one place: which characters count as Chinese writing. Everything that
// asks "is this Chinese?" (language detection, name and word filters, headline and query checks)
// uses it, so the answer is the same everywhere.

/**
 * The CJK Unified Ideographs block as the body of a regex character class (`[${HAN_CHARS}]`), for
 * building larger patterns. The extension blocks are left out: news text does not use them.
 */
export const HAN_CHARS = '\\u4e00-\\u9fff';

const HAN_CHAR = new RegExp(`[${HAN_CHARS}]`);
const HAN_CHAR_GLOBAL = new RegExp(`[${HAN_CHARS}]`, 'g');
const HAN_WORD = new RegExp(`^[${HAN_CHARS}]+$`);
const HAN_RUN = new RegExp(`[${HAN_CHARS}]+`, 'g');

/** Whether the text holds at least one Han character. */
export function hasHan(text: string): boolean {
  return HAN_CHAR.test(text);
}

/** How many Han characters the text holds. */
export function countHan(text: string): number {
  return text.match(HAN_CHAR_GLOBAL)?.length ?? 0;
}

/** Whether the text is one or more Han characters and nothing else (no digits, letters or spaces). */
export function isHanWord(text: string): boolean {
  return HAN_WORD.test(text);
}

/** The unbroken runs of Han characters in the text, in order, each at least `minLength` long. */
export function hanRuns(text: string, minLength = 1): string[] {
  const runs = text.match(HAN_RUN) ?? [];
  return minLength <= 1 ? runs : runs.filter((run) => run.length >= minLength);
}
