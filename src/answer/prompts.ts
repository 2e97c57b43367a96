// Prompt texts live in prompts/*.md with {placeholders}. They are loaded once at start, checked for
// exactly the placeholders their builders fill (a missing or unknown one stops start-up with a clear
// message), and turned into LangChain ChatPromptTemplates.
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';

/** The prompts folder shipped with the project. */
export const DEFAULT_PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

const SPECS = {
  answerSystem: { file: 'answer.system.md', placeholders: ['language', 'figure_rule', 'not_found', 'name_rule'] },
  answerUser: { file: 'answer.user.md', placeholders: ['sources', 'question'] },
  rewrite: { file: 'rewrite.md', placeholders: ['question'] },
  followup: { file: 'followup.md', placeholders: ['history', 'question'] },
} as const;

export interface Prompts {
  answer: ChatPromptTemplate;
  rewrite: ChatPromptTemplate;
  followup: ChatPromptTemplate;
}

function placeholdersOf(text: string): string[] {
  // {{ and }} are literal braces in LangChain's f-string templates.
  const stripped = text.replace(/\{\{|\}\}/g, '');
  return [...new Set([...stripped.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? ''))];
}

async function loadText(dir: string, spec: { file: string; placeholders: readonly string[] }): Promise<string> {
  const file = path.join(dir, spec.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('config_invalid', `prompt file ${spec.file} is missing from ${dir}`, { cause: error });
  }
  const found = placeholdersOf(text);
  const missing = spec.placeholders.filter((p) => !found.includes(p));
  const unknown = found.filter((p) => !spec.placeholders.includes(p));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...missing.map((p) => `{${p}} is missing`),
      ...unknown.map((p) => `{${p}} is not a known placeholder (use {{ and }} for literal braces)`),
    ];
    throw new AppError('config_invalid', `prompt ${spec.file}: ${problems.join('; ')}`);
  }
  return text.trim();
}

/** Loads and checks every prompt. */
export async function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Promise<Prompts> {
  const [system, user, rewrite, followup] = await Promise.all([
    loadText(dir, SPECS.answerSystem),
    loadText(dir, SPECS.answerUser),
    loadText(dir, SPECS.rewrite),
    loadText(dir, SPECS.followup),
  ]);
  return {
    answer: ChatPromptTemplate.fromMessages([
      ['system', system],
      ['human', user],
    ]),
    rewrite: ChatPromptTemplate.fromMessages([['human', rewrite]]),
    followup: ChatPromptTemplate.fromMessages([['human', followup]]),
  };
}
