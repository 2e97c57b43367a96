// The only reader of process.env: loads .env (dotenv), validates every setting once with zod,
// and reports all problems together with how to fix them.
import { config as loadDotenv } from 'dotenv';
import path from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.string().trim().url().optional());

const envSchema = z.object({
  /** Folder of article files to index. Default `./seeds`. */
  DOCS_DIR: z.preprocess(emptyToUndefined, z.string().default('./seeds')),
  /** Where the index is saved. Default `./data/index`. */
  INDEX_DIR: z.preprocess(emptyToUndefined, z.string().default('./data/index')),
  /** `local` (transformers.js on the CPU), `openai` (any OpenAI-compatible endpoint) or `ollama`. Default `local`. */
  EMBEDDINGS_PROVIDER: z.preprocess(
    emptyToUndefined,
    z.enum(['local', 'openai', 'ollama']).default('local'),
  ),
  /** Embedding model name for the provider. Default `Xenova/bge-small-zh-v1.5`. */
  EMBEDDINGS_MODEL: z.preprocess(emptyToUndefined, z.string().default('Xenova/bge-small-zh-v1.5')),
  /** Base URL of the embeddings endpoint (openai/ollama); falls back to `LLM_BASE_URL`. */
  EMBEDDINGS_BASE_URL: optionalUrl,
  /** API key of the embeddings endpoint; falls back to `LLM_API_KEY`. */
  EMBEDDINGS_API_KEY: optionalString,
  /** Folder holding local model files; when set nothing is downloaded. */
  MODELS_DIR: optionalString,
  /** `none` (extractive answers), `openai` or `ollama`. Default `none`. */
  LLM_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['none', 'openai', 'ollama']).default('none')),
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  /** Longest wait for one LLM call, in milliseconds. Default 30000. */
  LLM_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(600_000).default(30_000)),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.preprocess(
    emptyToUndefined,
    z.string().trim().url().default('https://api.telegram.org'),
  ),
  /** Comma-separated Telegram user ids allowed to use admin commands. */
  ADMIN_USER_IDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((value, ctx) => {
        const ids: number[] = [];
        for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
          if (!/^\d+$/.test(part)) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}" is not a numeric user id` });
          } else {
            ids.push(Number(part));
          }
        }
        return ids;
      }),
  ),
  BOT_MODE: z.preprocess(emptyToUndefined, z.enum(['polling', 'webhook']).default('polling')),
  WEBHOOK_URL: optionalUrl,
  WEBHOOK_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(8443)),
  WEBHOOK_SECRET: optionalString,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

/** How to fix each setting, shown next to its problem. */
const HINTS: Record<string, string> = {
  EMBEDDINGS_PROVIDER: 'use local, openai or ollama',
  LLM_PROVIDER: 'use none, openai or ollama',
  ADMIN_USER_IDS: 'a comma-separated list of numeric Telegram user ids, e.g. 12345,67890',
  LOG_LEVEL: 'use fatal, error, warn, info, debug, trace or silent',
  TELEGRAM_API_ROOT: 'a full URL such as https://api.telegram.org',
  LLM_BASE_URL: 'a full URL such as https://api.openai.com/v1',
  EMBEDDINGS_BASE_URL: 'a full URL such as https://api.openai.com/v1',
  WEBHOOK_URL: 'the public HTTPS URL Telegram should call',
  WEBHOOK_PORT: 'a port number between 1 and 65535',
  LLM_TIMEOUT_MS: 'milliseconds between 1000 and 600000, e.g. 30000',
};

export type EmbeddingsProvider = 'local' | 'openai' | 'ollama';
export type LlmProvider = 'none' | 'openai' | 'ollama';

export interface Config {
  docsDir: string;
  indexDir: string;
  embeddings: {
    provider: EmbeddingsProvider;
    model: string;
    baseUrl: string | undefined;
    apiKey: string | undefined;
    modelsDir: string | undefined;
  };
  llm: {
    provider: LlmProvider;
    baseUrl: string | undefined;
    apiKey: string | undefined;
    model: string | undefined;
    timeoutMs: number;
  };
  telegram: {
    token: string | undefined;
    apiRoot: string;
    adminUserIds: number[];
    mode: 'polling' | 'webhook';
    webhookUrl: string | undefined;
    webhookPort: number;
    webhookSecret: string | undefined;
  };
  logLevel: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `The settings have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix them in .env (see .env.example) or in the environment, then start again.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  /** Environment to read; default `process.env` after loading `.env`. */
  env?: NodeJS.ProcessEnv;
  /** Load `.env` from the working directory first. Default true when `env` is not given. */
  dotenv?: boolean;
}

/** Reads and validates all settings; throws one ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  if (options.env === undefined && options.dotenv !== false) {
    loadDotenv({ quiet: true });
  }
  const env = options.env ?? process.env;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'setting');
      const hint = HINTS[name];
      return `${name}: ${issue.message}${hint ? ` (${hint})` : ''}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.LLM_PROVIDER === 'openai' && !e.LLM_MODEL) {
    problems.push('LLM_MODEL: required when LLM_PROVIDER=openai (e.g. gpt-4o-mini, deepseek-chat)');
  }
  if (e.LLM_PROVIDER === 'ollama' && !e.LLM_MODEL) {
    problems.push('LLM_MODEL: required when LLM_PROVIDER=ollama (e.g. qwen2.5:7b)');
  }
  if (e.EMBEDDINGS_PROVIDER === 'openai' && !(e.EMBEDDINGS_BASE_URL ?? e.LLM_BASE_URL) && !(e.EMBEDDINGS_API_KEY ?? e.LLM_API_KEY)) {
    problems.push(
      'EMBEDDINGS_BASE_URL / EMBEDDINGS_API_KEY: EMBEDDINGS_PROVIDER=openai needs an endpoint or an API key',
    );
  }
  if (e.BOT_MODE === 'webhook' && !e.WEBHOOK_URL) {
    problems.push('WEBHOOK_URL: required when BOT_MODE=webhook (the public HTTPS URL Telegram calls)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    docsDir: path.resolve(e.DOCS_DIR),
    indexDir: path.resolve(e.INDEX_DIR),
    embeddings: {
      provider: e.EMBEDDINGS_PROVIDER,
      model: e.EMBEDDINGS_MODEL,
      baseUrl: e.EMBEDDINGS_BASE_URL ?? e.LLM_BASE_URL,
      apiKey: e.EMBEDDINGS_API_KEY ?? e.LLM_API_KEY,
      modelsDir: e.MODELS_DIR ? path.resolve(e.MODELS_DIR) : undefined,
    },
    llm: {
      provider: e.LLM_PROVIDER,
      baseUrl: e.LLM_BASE_URL,
      apiKey: e.LLM_API_KEY,
      model: e.LLM_MODEL,
      timeoutMs: e.LLM_TIMEOUT_MS,
    },
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      adminUserIds: e.ADMIN_USER_IDS,
      mode: e.BOT_MODE,
      webhookUrl: e.WEBHOOK_URL,
      webhookPort: e.WEBHOOK_PORT,
      webhookSecret: e.WEBHOOK_SECRET,
    },
    logLevel: e.LOG_LEVEL,
  };
}
