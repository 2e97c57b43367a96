// Sentences addressed to a model or a reader as instructions ("ignore the previous instructions",
// "你现在是…", "reply that…") are not evidence: an article holding them is quoting or planting a
// prompt, not reporting. They are told apart by the cue patterns in lexicon/instruction-cues.txt.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sentenceSpans } from '../text/sentences.js';

export const DEFAULT_CUES_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'lexicon',
  'instruction-cues.txt',
);

/** The cue patterns of a lexicon file: one case-insensitive regular expression a line, # comments. */
export function readInstructionCues(file: string = DEFAULT_CUES_FILE): RegExp[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line, i) => {
      try {
        return new RegExp(line, 'iu');
      } catch (error) {
        throw new Error(`instruction cue ${i + 1} in ${path.basename(file)} is not a valid pattern`, { cause: error });
      }
    });
}

let defaultCues: RegExp[] | undefined;
/** The shipped cues, read once on first use. */
function shippedCues(): RegExp[] {
  defaultCues ??= readInstructionCues();
  return defaultCues;
}

/** Whether a sentence is an instruction to a model or reader rather than a statement of news. */
export function isInstruction(sentence: string, cues: readonly RegExp[] = shippedCues()): boolean {
  return cues.some((cue) => cue.test(sentence));
}

/** The text with its instruction sentences cut out; the rest as it was. */
export function withoutInstructions(text: string, cues: readonly RegExp[] = shippedCues()): string {
  const flagged = sentenceSpans(text).filter((span) => isInstruction(text.slice(span.start, span.end), cues));
  if (flagged.length === 0) return text;
  let kept = '';
  let from = 0;
  for (const span of flagged) {
    kept += text.slice(from, span.start);
    from = span.end;
  }
  return (kept + text.slice(from)).replace(/[ \t]+\n/g, '\n').trim();
}
