import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR, loadPrompts } from '../../src/answer/prompts.js';
import { makeTempDir } from '../helpers.js';

describe('prompt files', () => {
  it('load into chat prompt templates that fill every placeholder', async () => {
    const prompts = await loadPrompts();
    const messages = await prompts.answer.formatMessages({
      language: 'English',
      figure_rule: 'F',
      not_found: 'N',
      name_rule: 'R',
      sources: '<source n="1">x</source>',
      question: 'Q?',
    });
    expect(messages.map((m) => m.getType())).toEqual(['system', 'human']);
    expect(messages[1]?.content).toContain('Question: Q?');
  });

  it('stop start-up with a clear message when a placeholder is missing or unknown', async () => {
    const temp = await makeTempDir();
    try {
      await cp(DEFAULT_PROMPTS_DIR, temp.dir, { recursive: true });
      await writeFile(path.join(temp.dir, 'answer.user.md'), 'Sources:\n{sources}\n\n{questoin}');
      await expect(loadPrompts(temp.dir)).rejects.toThrow(
        /answer\.user\.md: \{question\} is missing; \{questoin\} is not a known placeholder/,
      );
    } finally {
      await temp.remove();
    }
  });
});
