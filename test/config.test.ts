import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { AppError } from '../src/errors.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('settings', () => {
  it('fills in every default from an empty environment', () => {
    const config = loadConfig({ env: {} });
    expect(config.embeddings).toMatchObject({ provider: 'local', model: 'Xenova/bge-small-zh-v1.5' });
    expect(config.llm).toMatchObject({ provider: 'none', timeoutMs: 30_000 });
    expect(config.telegram).toMatchObject({
      apiRoot: 'https://api.telegram.org',
      adminUserIds: [],
      mode: 'polling',
      webhookPort: 8443,
    });
    expect(config.logLevel).toBe('info');
  });

  it('treats an empty value as not set and reads admin ids as numbers', () => {
    const config = loadConfig({ env: { LLM_PROVIDER: ' ', ADMIN_USER_IDS: '12, 34' } });
    expect(config.llm.provider).toBe('none');
    expect(config.telegram.adminUserIds).toEqual([12, 34]);
  });

  it('lists every bad setting in one error, each with how to fix it', () => {
    const error = (() => {
      try {
        loadConfig({ env: { EMBEDDINGS_PROVIDER: 'magic', LOG_LEVEL: 'loud', ADMIN_USER_IDS: '1,x' } });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('config_invalid');
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^EMBEDDINGS_PROVIDER: .* \(use local, openai or ollama\)$/);
    const idsHint = 'a comma-separated list of numeric Telegram user ids, e.g. 12345,67890';
    expect(problems).toContain(`ADMIN_USER_IDS: "x" is not a numeric user id (${idsHint})`);
    expect((error as Error).message).toMatch(/^The settings have 3 problem\(s\):\n {2}- EMBEDDINGS_PROVIDER/);
    expect((error as Error).message).toMatch(/Fix them in \.env \(see \.env\.example\)/);
  });

  it('checks settings that need each other only once each is valid on its own', () => {
    expect(problemsOf({ LLM_PROVIDER: 'openai', LOG_LEVEL: 'loud' })).toHaveLength(1);
    expect(problemsOf({ LLM_PROVIDER: 'openai', BOT_MODE: 'webhook' })).toEqual([
      'LLM_MODEL: required when LLM_PROVIDER=openai (e.g. gpt-4o-mini, deepseek-chat)',
      'WEBHOOK_URL: required when BOT_MODE=webhook (the public HTTPS URL Telegram calls)',
      'WEBHOOK_SECRET: required when BOT_MODE=webhook (a random string Telegram sends back in a header, so forged updates are refused)',
    ]);
  });

  it('refuses webhook mode without a secret, so nobody else can post updates', () => {
    const webhook = { BOT_MODE: 'webhook', WEBHOOK_URL: 'https://bot.example.com/hook' };
    expect(problemsOf(webhook)).toEqual([expect.stringMatching(/^WEBHOOK_SECRET: required when BOT_MODE=webhook/)]);
    expect(problemsOf({ ...webhook, WEBHOOK_SECRET: 'long-random-string' })).toEqual([]);
  });
});
