import { describe, expect, it } from 'vitest';
import {
  findMessage,
  messageIn,
  MESSAGES,
  renderMessage,
  userMessage,
  type MessageKey,
  type MessageTable,
} from '../src/messages.js';

type FunctionKey = {
  [K in MessageKey]: MessageTable[K] extends (...args: never[]) => string ? K : never;
}[MessageKey];

/** Arguments for every parameterised message; a new one without an entry here is a type error. */
const SAMPLE_ARGS: { [K in FunctionKey]: MessageTable[K] extends (...args: infer A) => string ? A : never } = {
  sourceFile: ['a.txt'],
  quotedLeadIn: [['Harbin (哈尔滨)', 'Q1']],
  keyFigures: [['12.5亿元', '3个']],
  reindexProgress: [3, 10],
  reindexComplete: [{ articles: 2, chunks: 40, embedded: 3, reused: 37, skipped: 1, seconds: 1.25 }],
  reindexFailed: ['disk full'],
  articleAdded: ['a title'],
  statsArticles: [2],
  statsChunks: [40],
  statsBuilt: ['2024-01-01T00:00:00.000Z', '5m 3s', 1.5],
  statsEmbedder: ['local:model', 512],
  statsAnswered: [7],
  statsUptime: ['1h 2m'],
  failure: ['it broke', 'fix it'],
  unexpectedFailure: ['it broke'],
  skippedFiles: [[{ file: 'a.pdf', reason: 'unsupported file type ".pdf"' }]],
  startFailed: ['it broke'],
  settingsProblems: [['A: wrong', 'B: missing']],
};

describe('the message tables', () => {
  const [zh, en] = [MESSAGES.zh, MESSAGES.en];

  it('have the same keys in both languages, down to every keyed family', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(zh) as MessageKey[]) {
      const [zhEntry, enEntry] = [zh[key], en[key]];
      expect(typeof zhEntry, key).toBe(typeof enEntry);
      if (typeof zhEntry === 'object') expect(Object.keys(zhEntry).sort(), key).toEqual(Object.keys(enEntry).sort());
    }
  });

  it('have no empty text in either language', () => {
    for (const table of [zh, en]) {
      for (const [key, entry] of Object.entries(table) as Array<[MessageKey, unknown]>) {
        if (typeof entry === 'string') expect(entry.trim(), key).not.toBe('');
        else if (typeof entry === 'object' && entry !== null) {
          for (const [name, text] of Object.entries(entry)) expect(String(text).trim(), `${key}.${name}`).not.toBe('');
        } else {
          const args = SAMPLE_ARGS[key as FunctionKey] as unknown[];
          expect((entry as (...a: unknown[]) => string)(...args).trim(), key).not.toBe('');
        }
      }
    }
  });
});

describe('rendering a message', () => {
  it('puts an error in English, then Chinese', () => {
    expect(userMessage('admin_only')).toBe('This command is for admins only. 此命令仅限管理员使用。');
    expect(renderMessage('errors', 'admin_only')).toBe(userMessage('admin_only'));
  });

  it('writes labels as "中文 / English", with no space after a Chinese full stop', () => {
    expect(renderMessage('indexedArticles')).toBe('已收录文章 / Indexed articles');
    expect(renderMessage('unknownCommand')).toBe("不认识这个命令。/ I don't know that command.");
  });

  it('puts the icon of a message first, once', () => {
    expect(renderMessage('reindexProgress', 3, 10)).toBe('⏳ 正在重建索引 / Re-indexing… embedding 3/10');
    expect(messageIn('en', 'passagesButton')).toBe('📄 Quoted passages');
  });

  it('keeps the texts of the command-line tools in English', () => {
    expect(renderMessage('failure', 'no such folder', 'Set DOCS_DIR.')).toBe('Error: no such folder. Set DOCS_DIR.');
    expect(renderMessage('tokenMissing')).toMatch(/^TELEGRAM_BOT_TOKEN is not set\./);
  });

  it('picks one language for texts that follow the reader', () => {
    expect(messageIn('zh', 'sourcesHeading')).toBe('来源');
    expect(messageIn('en', 'sourcesHeading')).toBe('Sources');
  });

  it('finds a keyed text by name, and nothing for a name without one', () => {
    expect(findMessage('settingHints', 'WEBHOOK_PORT')).toBe('a port number between 1 and 65535');
    expect(findMessage('settingHints', 'DOCS_DIR')).toBeUndefined();
    expect(findMessage('failureHints', 'internal')).toBeUndefined();
  });
});
