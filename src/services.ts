// The collaborators every entry point (npm start, the commands, the tools) builds from the settings:
// secrets registered for scrubbing, the logger, the embedder, the index store, and the chat model
// with its prompts when an LLM is configured.
import type { LlmDeps } from './answer/answer-question.js';
import { createChatModel } from './answer/llm.js';
import { loadPrompts } from './answer/prompts.js';
import type { Config } from './config.js';
import { createLogger, logFor, registerSecret, type Logger } from './log.js';
import { createEmbedder, type Embedder } from './vector-store/embeddings.js';
import { createHnswStore } from './vector-store/hnsw-store.js';
import type { IndexStore } from './vector-store/store.js';

export interface Services {
  log: Logger;
  embedder: Embedder;
  store: IndexStore;
}

/** Registers the settings' secrets (never logged), then builds the logger, embedder and store. */
export async function createServices(config: Config): Promise<Services> {
  registerSecret(config.telegram.token);
  registerSecret(config.llm.apiKey);
  registerSecret(config.embeddings.apiKey);
  const log = createLogger(config.logLevel);
  const embedder = await createEmbedder(config.embeddings);
  const store = createHnswStore({ indexDir: config.indexDir, embedder, log: logFor(log, 'vector-store') });
  return { log, embedder, store };
}

/** The chat model and prompts when an LLM is configured (prompts checked now, not mid-answer). */
export async function createLlm(config: Config): Promise<LlmDeps | undefined> {
  const model = await createChatModel(config.llm);
  if (!model) return undefined;
  return { model, prompts: await loadPrompts(), timeoutMs: config.llm.timeoutMs };
}
