// The chat model behind generated answers, chosen in config: any OpenAI-compatible endpoint
// (OpenAI, DeepSeek, Qwen/DashScope, Moonshot, vLLM, llama.cpp) through ChatOpenAI, or Ollama.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Config } from '../config.js';

/** Builds the configured chat model, or undefined when LLM_PROVIDER is none. */
export async function createChatModel(settings: Config['llm']): Promise<BaseChatModel | undefined> {
  if (settings.provider === 'none' || !settings.model) return undefined;
  if (settings.provider === 'ollama') {
    const { ChatOllama } = await import('@langchain/ollama');
    const baseUrl = settings.baseUrl ?? 'http://127.0.0.1:11434';
    return new ChatOllama({ model: settings.model, baseUrl, temperature: 0 });
  }
  const { ChatOpenAI } = await import('@langchain/openai');
  return new ChatOpenAI({
    model: settings.model,
    // Self-hosted servers often need no key; the client library insists on one.
    apiKey: settings.apiKey ?? 'not-needed',
    configuration: settings.baseUrl ? { baseURL: settings.baseUrl } : {},
    temperature: 0,
    // No client timeout: every call carries an AbortSignal with LLM_TIMEOUT_MS (answer-question.ts,
    // generate.ts), the one timeout mechanism, which also ends a stream mid-way.
    maxRetries: 1,
  });
}
