// The only reader of process.env: loads .env (dotenv), validates every setting once with zod,
// and reports all problems together with how to fix them.
import { config as loadDotenv } from 'dotenv';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';
import { findMessage, renderMessage, type SettingRequirement } from './messages.js';

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A setting where an empty value means "not set", so the default (if any) applies. */
const setting = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema);

const optionalString = setting(z.string().trim().optional());
const optionalUrl = setting(z.string().trim().url().optional());

/** "12345,67890" → [12345, 67890]; every part that is not a number is a problem of its own. */
const userIds = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const ids: number[] = [];
    for (const part of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (!/^\d+$/.test(part)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}" is not a numeric user id` });
      } else {
        ids.push(Number(part));
      }
    }
    return ids;
  });

const envSchema = z.object({
  /** Folder of article files to index. Default `./seeds`. */
  DOCS_DIR: setting(z.string().default('./seeds')),
  /** Where the index is saved. Default `./data/index`. */
  INDEX_DIR: setting(z.string().default('./data/index')),
  /** `local` (transformers.js on the CPU), `openai` (any OpenAI-compatible endpoint) or `ollama`. Default `local`. */
  EMBEDDINGS_PROVIDER: setting(z.enum(['local', 'openai', 'ollama']).default('local')),
  /** Embedding model name for the provider. Default `Xenova/bge-small-zh-v1.5`. */
  EMBEDDINGS_MODEL: setting(z.string().default('Xenova/bge-small-zh-v1.5')),
  /** Base URL of the embeddings endpoint (openai/ollama); falls back to `LLM_BASE_URL`. */
  EMBEDDINGS_BASE_URL: optionalUrl,
  /** API key of the embeddings endpoint; falls back to `LLM_API_KEY`. */
  EMBEDDINGS_API_KEY: optionalString,
  /** Folder holding local model files; when set nothing is downloaded. */
  MODELS_DIR: optionalString,
  /** `none` (extractive answers), `openai` or `ollama`. Default `none`. */
  LLM_PROVIDER: setting(z.enum(['none', 'openai', 'ollama']).default('none')),
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  /** The LLM's budget for one whole question (every model call of it), in milliseconds. Default 30000. */
  LLM_TIMEOUT_MS: setting(z.coerce.number().int().min(1000).max(600_000).default(30_000)),
  TELEGRAM_BOT_TOKEN: optionalString,
  /** Bot API server. Default `https://api.telegram.org`. */
  TELEGRAM_API_ROOT: setting(z.string().trim().url().default('https://api.telegram.org')),
  /** Comma-separated Telegram user ids allowed to use admin commands. Default none. */
  ADMIN_USER_IDS: setting(userIds),
  /** `polling` or `webhook`. Default `polling`. */
  BOT_MODE: setting(z.enum(['polling', 'webhook']).default('polling')),
  WEBHOOK_URL: optionalUrl,
  /** Local port of the webhook server. Default 8443. */
  WEBHOOK_PORT: setting(z.coerce.number().int().min(1).max(65535).default(8443)),
  /** Secret Telegram sends back with every webhook request; required in webhook mode. */
  WEBHOOK_SECRET: setting(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'not a valid secret token')
      .optional(),
  ),
  /** pino level. Default `info`. */
  LOG_LEVEL: setting(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

type Env = z.output<typeof envSchema>;

/**
 * Problems between settings, added to `ctx`; zod runs this only once every setting is valid on its
 * own. Returns whether there were any.
 */
function checkCombinations(e: Env, ctx: z.RefinementCtx): boolean {
  let found = false;
  const requireSetting = (name: string, requirement: SettingRequirement): void => {
    const message = renderMessage('settingRequirements', requirement);
    // A requirement names what is missing; the format hint of the setting would not help.
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message, params: { hint: false } });
    found = true;
  };
  if (e.LLM_PROVIDER === 'openai' && !e.LLM_MODEL) requireSetting('LLM_MODEL', 'llmModelForOpenai');
  if (e.LLM_PROVIDER === 'ollama' && !e.LLM_MODEL) requireSetting('LLM_MODEL', 'llmModelForOllama');
  const embeddingsEndpoint = e.EMBEDDINGS_BASE_URL ?? e.LLM_BASE_URL;
  const embeddingsKey = e.EMBEDDINGS_API_KEY ?? e.LLM_API_KEY;
  if (e.EMBEDDINGS_PROVIDER === 'openai' && !embeddingsEndpoint && !embeddingsKey) {
    requireSetting('EMBEDDINGS_BASE_URL / EMBEDDINGS_API_KEY', 'embeddingsEndpoint');
  }
  if (e.BOT_MODE === 'webhook' && !e.WEBHOOK_URL) requireSetting('WEBHOOK_URL', 'webhookUrl');
  // Without a secret anyone who finds the URL could post forged updates (an admin's id included).
  if (e.BOT_MODE === 'webhook' && !e.WEBHOOK_SECRET) requireSetting('WEBHOOK_SECRET', 'webhookSecret');
  return found;
}

/** The settings in the shape the app uses, from a valid environment. */
function shapeConfig(e: Env) {
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

/** The environment, validated and turned into the app's Config. */
export const configSchema = envSchema.transform((e, ctx) => (checkCombinations(e, ctx) ? z.NEVER : shapeConfig(e)));

export type Config = z.output<typeof configSchema>;
export type EmbeddingsProvider = Config['embeddings']['provider'];
export type LlmProvider = Config['llm']['provider'];

/** Settings that could not be used, each with what is wrong and, where it helps, how to fix it. */
export class ConfigError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('config_invalid', renderMessage('settingsProblems', problems));
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

function describeIssue(issue: z.ZodIssue): string {
  const name = String(issue.path[0] ?? 'setting');
  const wantsHint = !(issue.code === z.ZodIssueCode.custom && issue.params?.hint === false);
  const hint = wantsHint ? findMessage('settingHints', name) : undefined;
  return `${name}: ${issue.message}${hint ? ` (${hint})` : ''}`;
}

/** Reads and validates all settings; throws one ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  if (options.env === undefined && options.dotenv !== false) {
    loadDotenv({ quiet: true });
  }
  const parsed = configSchema.safeParse(options.env ?? process.env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue));
  return parsed.data;
}
