// Embedding providers behind LangChain's Embeddings interface, chosen by config only:
// local transformers.js (default, CPU, offline with MODELS_DIR) or any OpenAI-compatible server.
import type { Embeddings } from '@langchain/core/embeddings';
import type { PretrainedOptions } from '@huggingface/transformers';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

export interface Embedder {
  embeddings: Embeddings;
  /** Identity of the vector space, e.g. `local:Xenova/bge-small-zh-v1.5`; an index built by another is rebuilt. */
  key: string;
  /** Text put before a question (not before passages), as the model's authors advise. */
  queryPrefix: string;
  /** Embeds this many texts per call. */
  batchSize: number;
}

/** BGE Chinese models retrieve better when a short question carries this instruction. */
const BGE_ZH_QUERY_PREFIX = '为这个句子生成表示以用于检索相关文章：';

const OLLAMA_OPENAI_URL = 'http://127.0.0.1:11434/v1';

/**
 * Chunks per local model call. ONNX's memory arena grows with the largest batch it has run
 * (batch × tokens); 16 keeps a corpus build near 1 GB with no loss of speed on two cores.
 */
const LOCAL_BATCH_SIZE = 16;

let transformersConfigured = false;

async function createLocalEmbeddings(model: string, modelsDir: string | undefined): Promise<Embeddings> {
  const transformers = await import('@huggingface/transformers');
  if (!transformersConfigured) {
    if (modelsDir !== undefined) {
      transformers.env.allowRemoteModels = false;
      transformers.env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
    }
    transformersConfigured = true;
  }
  const { HuggingFaceTransformersEmbeddings } =
    await import('@langchain/community/embeddings/huggingface_transformers');
  return new HuggingFaceTransformersEmbeddings({
    model,
    batchSize: LOCAL_BATCH_SIZE,
    stripNewLines: true,
    // LangChain types these as PretrainedOptions, but they reach transformers.js's pipeline(),
    // which takes the model options (dtype) too: q8 is the int8 ONNX file.
    pretrainedOptions: { dtype: 'q8' } as PretrainedOptions,
    pipelineOptions: { pooling: 'cls', normalize: true },
  });
}

/** Builds the configured embedder. The local model is loaded lazily on first use. */
export async function createEmbedder(settings: Config['embeddings']): Promise<Embedder> {
  const { provider, model } = settings;
  const queryPrefix = /bge.*zh/i.test(model) ? BGE_ZH_QUERY_PREFIX : '';
  if (provider === 'local') {
    return {
      embeddings: await createLocalEmbeddings(model, settings.modelsDir),
      key: `local:${model}`,
      queryPrefix,
      batchSize: LOCAL_BATCH_SIZE,
    };
  }
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const baseURL = settings.baseUrl ?? (provider === 'ollama' ? OLLAMA_OPENAI_URL : undefined);
  return {
    embeddings: new OpenAIEmbeddings({
      model,
      // Ollama and many self-hosted servers accept any key; the client library insists on one.
      apiKey: settings.apiKey ?? 'not-needed',
      configuration: baseURL ? { baseURL } : {},
      maxRetries: 2,
      batchSize: 64,
    }),
    key: `${provider}:${model}@${baseURL ?? 'default'}`,
    queryPrefix,
    batchSize: 64,
  };
}

/** Embeds one question, wrapping failures in an AppError that names the operation. */
export async function embedQuestion(embedder: Embedder, question: string): Promise<number[]> {
  try {
    return await embedder.embeddings.embedQuery(embedder.queryPrefix + question);
  } catch (error) {
    throw new AppError('embeddings_failed', `embedding a question with ${embedder.key} failed`, { cause: error });
  }
}
