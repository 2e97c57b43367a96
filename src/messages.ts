// Every text users see, in Telegram and from the command-line tools: one table per language, and
// the functions that render a message the way users see it (most bot texts show both languages).
import type { ErrorCode } from './errors.js';
import type { Language } from './text/language.js';

/** Questions the help texts suggest, each in the language it is asked in (never translated). */
export const EXAMPLE_QUESTIONS = {
  zh: '佳木斯一季度签约了多少项目？',
  en: 'how much did Jiamusi sign in Q1?',
  totals: '佳木斯一季度招商签约了多少个项目？投资总额多少？',
  partner: '龙江县与哪家公司签约了肉牛养殖项目？',
  followUp: '那齐齐哈尔呢？',
} as const;

/** The bot's commands, in the order of its menu. */
export const COMMAND_NAMES = ['ask', 'sources', 'new', 'help', 'start', 'stats', 'reindex'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Settings whose problems come with a hint on how to fix them. */
export type HintedSetting =
  | 'EMBEDDINGS_PROVIDER'
  | 'LLM_PROVIDER'
  | 'ADMIN_USER_IDS'
  | 'LOG_LEVEL'
  | 'TELEGRAM_API_ROOT'
  | 'LLM_BASE_URL'
  | 'EMBEDDINGS_BASE_URL'
  | 'WEBHOOK_URL'
  | 'WEBHOOK_PORT'
  | 'WEBHOOK_SECRET'
  | 'LLM_TIMEOUT_MS';

/** Settings that one choice makes necessary. */
export type SettingRequirement =
  'llmModelForOpenai' | 'llmModelForOllama' | 'embeddingsEndpoint' | 'webhookUrl' | 'webhookSecret';

/** Failures of the command-line tools that come with a hint on how to fix them. */
export type HintedFailure = 'docs_dir_missing' | 'docs_dir_empty' | 'disk_full' | 'read_only' | 'permission_denied';

/** What a finished index build reports. */
export interface BuildSummary {
  articles: number;
  chunks: number;
  embedded: number;
  reused: number;
  skipped: number;
  seconds: number;
}

/** One language's texts. Parameterised texts are functions; keyed families are records. */
export interface MessageTable {
  /** The text for each error code (see src/errors.ts). */
  errors: Readonly<Record<ErrorCode, string>>;

  // Answers
  sourcesHeading: string;
  /** The heading of the source list in plain text (terminals). */
  sourcesListed: string;
  sourceFile: (file: string) => string;
  passagesHeading: string;
  passagesButton: string;
  answerExpired: string;
  /** The answer when the articles do not cover a question. */
  notFound: string;
  /** The note above the extractive answer when a generated one could not be had. */
  generationUnavailable: string;
  /** The note above an extractive answer quoting articles that give different figures for one thing. */
  figuresDisagree: string;
  /** The lead-in of an answer quoting Chinese evidence, naming what the question is about. */
  quotedLeadIn: (about: readonly string[]) => string;
  keyFigures: (figures: readonly string[]) => string;

  // Asking
  usage: string;
  forExample: string;
  questionPlaceholder: string;
  or: string;
  newConversation: string;
  unknownCommand: string;

  // Welcome, help and the command menu
  botName: string;
  botIntro: string;
  tryAsking: string;
  howToAskEverywhere: string;
  help: string;
  helpAsk: string;
  helpSources: string;
  helpNew: string;
  helpStart: string;
  admins: string;
  helpReindex: string;
  helpStats: string;
  helpUpload: string;
  howToAsk: string;
  commands: Readonly<Record<CommandName, string>>;

  // The list of indexed articles
  indexedArticles: string;
  previousPage: string;
  nextPage: string;

  // Inline mode
  inlinePrompt: string;
  inlineExample: string;
  inlineHowTo: string;

  // Admins
  reindexing: string;
  reindexProgress: (done: number, total: number) => string;
  reindexComplete: (summary: BuildSummary) => string;
  reindexFailed: (reason: string) => string;
  unexpectedReason: string;
  articleAdded: (source: string) => string;
  /** An article file that waits for the running re-index (or the file before it). */
  uploadQueued: string;
  indexStatus: string;
  statsArticles: (count: number) => string;
  statsChunks: (count: number) => string;
  statsBuilt: (builtAt: string, age: string, buildSeconds: number) => string;
  statsEmbedder: (key: string, dimensions: number) => string;
  statsAnswered: (count: number) => string;
  statsUptime: (uptime: string) => string;
  statsRebuilding: string;

  // Start-up and the command-line tools
  failure: (detail: string, hint?: string) => string;
  unexpectedFailure: (detail: string) => string;
  /** The files an index build passed over, each with why, after `npm run ingest`'s summary. */
  skippedFiles: (skipped: ReadonlyArray<{ file: string; reason: string }>) => string;
  startFailed: (detail: string) => string;
  failureHints: Readonly<Record<HintedFailure, string>>;
  tokenMissing: string;
  tokenRefused: string;
  settingsProblems: (problems: readonly string[]) => string;
  settingHints: Readonly<Record<HintedSetting, string>>;
  settingRequirements: Readonly<Record<SettingRequirement, string>>;
}

const zh: MessageTable = {
  errors: {
    config_invalid: '配置有误，请联系管理员。',
    docs_dir_missing: '文章目录不存在。',
    docs_dir_empty: '还没有可索引的文章。',
    index_build_failed: '索引重建失败，仍在使用原索引。',
    embeddings_failed: '向量模型加载失败。',
    question_empty: '请输入问题。',
    question_too_long: '问题过长，请精简到1000字以内。',
    index_busy: '索引正在重建，请稍候。',
    article_invalid: '无法读取该文件，请发送2MB以内的 .txt、.md 或 .html 新闻稿。',
    rate_limited: '提问太频繁了，请稍等几秒。',
    admin_only: '此命令仅限管理员使用。',
    disk_full: '磁盘空间不足（索引或文章目录），请清理空间后重试。',
    read_only: '索引或文章目录是只读的，请改为可写后重试。',
    permission_denied: '没有写入索引或文章目录的权限，请检查目录权限后重试。',
    internal: '抱歉，出了点问题，请稍后再试。',
  },

  sourcesHeading: '来源',
  sourcesListed: '来源：',
  sourceFile: (file) => `（文件：${file}）`,
  passagesHeading: '引用原文',
  passagesButton: '引用原文 / Passages',
  answerExpired: '这个回答已过期，请重新提问。',
  notFound: '已索引的文章中没有找到与这个问题相关的内容，无法回答。',
  generationUnavailable: '（生成式回答暂不可用，以下为原文摘录。）',
  figuresDisagree: '（各文章给出的数字不一致，以下分别引用。）',
  quotedLeadIn: (about) => `据已收录的文章${about.length > 0 ? `（${about.join('，')}）` : ''}：`,
  keyFigures: (figures) => `关键数字：${figures.join('，')}`,

  usage: '用法',
  forExample: '例如',
  questionPlaceholder: '问题',
  or: '或',
  newConversation: '好的，我们重新开始。',
  unknownCommand: '不认识这个命令。',

  botName: '招商引资新闻助手',
  botIntro: '我会阅读已收录的地方招商引资新闻，用中文或英文回答问题，并为每个结论标注来源编号 [n]。',
  tryAsking: '试试',
  howToAskEverywhere: '私聊直接发问题；群聊中用 /ask、@我 或回复我的消息；任意聊天中输入 @我 + 问题 可内联查询。',
  help: '帮助',
  helpAsk: '提问',
  helpSources: '已收录的文章',
  helpNew: '开始新对话',
  helpStart: '简介',
  admins: '管理员',
  helpReindex: '重建索引',
  helpStats: '状态',
  helpUpload: '发送 .txt/.md/.html 文件即可添加文章',
  howToAsk: '私聊中直接发送问题即可。群聊中请用 /ask、@提及我或回复我的消息。',
  commands: {
    ask: `提问，例如 /ask ${EXAMPLE_QUESTIONS.zh}`,
    sources: '已收录的文章',
    new: '开始新的对话（忘记之前的问题）',
    help: '使用说明',
    start: '简介与示例问题',
    stats: '索引状态（管理员）',
    reindex: '重建索引（管理员）',
  },

  indexedArticles: '已收录文章',
  previousPage: '上一页',
  nextPage: '下一页',

  inlinePrompt: '输入问题',
  inlineExample: `例如 ${EXAMPLE_QUESTIONS.zh}`,
  inlineHowTo: '向我提问招商引资新闻：在任意聊天输入 @我 + 问题。',

  reindexing: '正在重建索引',
  reindexProgress: () => '正在重建索引',
  reindexComplete: () => '重建完成',
  reindexFailed: () => '重建失败',
  unexpectedReason: '内部错误',
  articleAdded: () => '已添加文章',
  uploadQueued: '正在重建索引，这篇文章会在完成后立即添加。',
  indexStatus: '索引状态',
  statsArticles: () => '文章',
  statsChunks: () => '片段',
  statsBuilt: () => '构建于',
  statsEmbedder: () => '向量模型',
  statsAnswered: () => '已回答',
  statsUptime: () => '运行时间',
  statsRebuilding: '正在重建',

  failure: (detail, hint) => `错误：${detail}${hint ? `。${hint}` : ''}`,
  unexpectedFailure: (detail) => `意外错误：${detail}`,
  skippedFiles: (skipped) =>
    [`跳过了 ${skipped.length} 个文件：`, ...skipped.map((s) => `  ${s.file}：${s.reason}`)].join('\n'),
  startFailed: (detail) => `无法启动机器人：${detail}`,
  failureHints: {
    docs_dir_missing: '请把 DOCS_DIR（或 --docs）设为存放文章文件（.txt、.md、.html）的目录。',
    docs_dir_empty: '请在其中放入文章文件（.txt、.md、.html），或把 DOCS_DIR 指向别处。',
    disk_full: '请清理该磁盘的空间，或把 INDEX_DIR（或 --index）指向另一块磁盘，然后重试。',
    read_only: '请把 INDEX_DIR（或 --index）指向可写的目录，或以读写方式重新挂载，然后重试。',
    permission_denied: '请给当前用户该目录的写入权限，或把 INDEX_DIR（或 --index）指向别处。',
  },
  tokenMissing: [
    '未设置 TELEGRAM_BOT_TOKEN。',
    '在 Telegram 中向 @BotFather 获取令牌（发送 /newbot 并起名），然后写入 .env：',
    '  TELEGRAM_BOT_TOKEN=123456789:AA...',
    '（见 .env.example）。不用 Telegram 时，`npm run chat` 可在终端回答同样的问题。',
  ].join('\n'),
  tokenRefused:
    'Telegram 拒绝了机器人令牌（401 Unauthorized）：请检查 TELEGRAM_BOT_TOKEN，或向 @BotFather 申请新令牌。',
  settingsProblems: (problems) =>
    `设置有 ${problems.length} 个问题：\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
    '请在 .env（见 .env.example）或环境变量中改正后重新启动。',
  settingHints: {
    EMBEDDINGS_PROVIDER: '可选 local、openai 或 ollama',
    LLM_PROVIDER: '可选 none、openai 或 ollama',
    ADMIN_USER_IDS: '以逗号分隔的 Telegram 数字用户 ID，例如 12345,67890',
    LOG_LEVEL: '可选 fatal、error、warn、info、debug、trace 或 silent',
    TELEGRAM_API_ROOT: '完整网址，例如 https://api.telegram.org',
    LLM_BASE_URL: '完整网址，例如 https://api.openai.com/v1',
    EMBEDDINGS_BASE_URL: '完整网址，例如 https://api.openai.com/v1',
    WEBHOOK_URL: 'Telegram 要调用的公网 HTTPS 网址',
    WEBHOOK_PORT: '1 到 65535 之间的端口号',
    WEBHOOK_SECRET: '1 到 256 个字符，只能是字母、数字、_ 和 -',
    LLM_TIMEOUT_MS: '1000 到 600000 之间的毫秒数，例如 30000',
  },
  settingRequirements: {
    llmModelForOpenai: 'LLM_PROVIDER=openai 时必填（例如 gpt-4o-mini、deepseek-chat）',
    llmModelForOllama: 'LLM_PROVIDER=ollama 时必填（例如 qwen2.5:7b）',
    embeddingsEndpoint: 'EMBEDDINGS_PROVIDER=openai 需要一个端点或 API 密钥',
    webhookUrl: 'BOT_MODE=webhook 时必填（Telegram 调用的公网 HTTPS 网址）',
    webhookSecret: 'BOT_MODE=webhook 时必填（Telegram 在请求头中带回的随机字符串，用来拒绝伪造的更新）',
  },
};

const en: MessageTable = {
  errors: {
    config_invalid: 'The bot is not configured correctly.',
    docs_dir_missing: 'The article folder does not exist.',
    docs_dir_empty: 'There are no readable articles to index yet.',
    index_build_failed: 'Building the index failed; the previous index is still in use.',
    embeddings_failed: 'The embedding model could not be loaded or failed.',
    question_empty: `Please ask a question, e.g. “${EXAMPLE_QUESTIONS.zh}”`,
    question_too_long: 'That message is too long to be a question; please ask in under 1,000 characters.',
    index_busy: 'A re-index is already running; please wait for it to finish.',
    article_invalid: 'That file is not an article I can read: send a .txt, .md or .html news article under 2 MB.',
    rate_limited: 'You are asking faster than I can keep up; please wait a few seconds.',
    admin_only: 'This command is for admins only.',
    disk_full: 'The disk holding the index or the articles is full; free some space and try again.',
    read_only: 'The index or article folder is read-only; make it writable and try again.',
    permission_denied: 'The index or article folder may not be written to; check its permissions and try again.',
    internal: 'Sorry, something went wrong on our side. Please try again.',
  },

  sourcesHeading: 'Sources',
  sourcesListed: 'Sources:',
  sourceFile: (file) => `(file: ${file})`,
  passagesHeading: 'Quoted passages',
  passagesButton: 'Quoted passages',
  answerExpired: 'This answer has expired; please ask again.',
  notFound: "The indexed articles don't cover this, so I can't answer it.",
  generationUnavailable: '(The generated answer was unavailable; here are the quoted passages.)',
  figuresDisagree: '(The articles give different figures; each is quoted with its source.)',
  quotedLeadIn: (about) =>
    `From the indexed articles${about.length > 0 ? ` on ${about.join(', ')}` : ''} (quoted in Chinese):`,
  keyFigures: (figures) => `Key figures: ${figures.join(', ')}`,

  usage: 'Usage',
  forExample: 'e.g.',
  questionPlaceholder: 'question',
  or: 'or',
  newConversation: 'OK, a new conversation: earlier questions are forgotten.',
  unknownCommand: "I don't know that command.",

  botName: 'Investment-news assistant',
  botIntro:
    'I answer questions about the indexed regional investment news, in Chinese or English, citing every claim as [n].',
  tryAsking: 'Try',
  howToAskEverywhere:
    'In private chats just send a question; in groups use /ask, mention me or reply to me; ' +
    'inline: type my @name and a question in any chat.',
  help: 'Help',
  helpAsk: 'ask a question',
  helpSources: 'indexed articles',
  helpNew: `start a new conversation (follow-ups such as “${EXAMPLE_QUESTIONS.followUp}” use the last questions)`,
  helpStart: 'about',
  admins: 'admins',
  helpReindex: 're-index',
  helpStats: 'status',
  helpUpload: 'send an article file to add it',
  howToAsk: 'In private chats just type your question. In groups use /ask, mention me, or reply to my message.',
  commands: {
    ask: `Ask a question, e.g. /ask ${EXAMPLE_QUESTIONS.en}`,
    sources: 'The indexed articles',
    new: 'Start a new conversation (forget earlier questions)',
    help: 'How to use the bot',
    start: 'What the bot does, with example questions',
    stats: 'Index status (admins)',
    reindex: 'Re-index the articles (admins)',
  },

  indexedArticles: 'Indexed articles',
  previousPage: 'Prev',
  nextPage: 'Next',

  inlinePrompt: 'Type a question',
  inlineExample: `e.g. ${EXAMPLE_QUESTIONS.en}`,
  inlineHowTo: 'Ask me about investment news: type my @name and a question in any chat.',

  reindexing: 'Re-indexing…',
  reindexProgress: (done, total) => `Re-indexing… embedding ${done}/${total}`,
  reindexComplete: (s) =>
    `Re-index complete: ${s.articles} articles, ${s.chunks} chunks, ${s.seconds.toFixed(1)} s` +
    ` (${s.embedded} embedded, ${s.reused} reused${s.skipped ? `, ${s.skipped} files skipped` : ''})`,
  reindexFailed: (reason) => `Re-index failed: ${reason}.`,
  unexpectedReason: 'internal error',
  articleAdded: (source) => `Article added: ${source}`,
  uploadQueued: 'A re-index is running; this article will be added as soon as it finishes.',
  indexStatus: 'Index status',
  statsArticles: (count) => `articles: ${count}`,
  statsChunks: (count) => `chunks: ${count}`,
  statsBuilt: (builtAt, age, buildSeconds) => `built: ${builtAt} (${age} ago, took ${buildSeconds.toFixed(1)} s)`,
  statsEmbedder: (key, dimensions) => `embedder: ${key} (${dimensions}-d)`,
  statsAnswered: (count) => `questions answered since start: ${count}`,
  statsUptime: (uptime) => `uptime: ${uptime}`,
  statsRebuilding: 're-index running',

  failure: (detail, hint) => `Error: ${detail}${hint ? `. ${hint}` : ''}`,
  unexpectedFailure: (detail) => `Unexpected error: ${detail}`,
  skippedFiles: (skipped) =>
    [`Skipped ${skipped.length} file(s):`, ...skipped.map((s) => `  ${s.file}: ${s.reason}`)].join('\n'),
  startFailed: (detail) => `Could not start the bot: ${detail}`,
  failureHints: {
    docs_dir_missing: 'Set DOCS_DIR (or --docs) to a folder of article files (.txt, .md, .html).',
    docs_dir_empty: 'Put article files (.txt, .md, .html) in it, or point DOCS_DIR elsewhere.',
    disk_full: 'Free some space on that disk, or point INDEX_DIR (or --index) at another one, then run again.',
    read_only: 'Point INDEX_DIR (or --index) at a writable folder, or remount it read-write, then run again.',
    permission_denied: 'Give this user write access to that folder, or point INDEX_DIR (or --index) elsewhere.',
  },
  tokenMissing: [
    'TELEGRAM_BOT_TOKEN is not set.',
    'Get a token from @BotFather on Telegram (send /newbot, pick a name), then put it in .env:',
    '  TELEGRAM_BOT_TOKEN=123456789:AA...',
    '(see .env.example). Without Telegram, `npm run chat` answers the same questions in the terminal.',
  ].join('\n'),
  tokenRefused:
    'Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN, or ask @BotFather for a new one.',
  settingsProblems: (problems) =>
    `The settings have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
    'Fix them in .env (see .env.example) or in the environment, then start again.',
  settingHints: {
    EMBEDDINGS_PROVIDER: 'use local, openai or ollama',
    LLM_PROVIDER: 'use none, openai or ollama',
    ADMIN_USER_IDS: 'a comma-separated list of numeric Telegram user ids, e.g. 12345,67890',
    LOG_LEVEL: 'use fatal, error, warn, info, debug, trace or silent',
    TELEGRAM_API_ROOT: 'a full URL such as https://api.telegram.org',
    LLM_BASE_URL: 'a full URL such as https://api.openai.com/v1',
    EMBEDDINGS_BASE_URL: 'a full URL such as https://api.openai.com/v1',
    WEBHOOK_URL: 'the public HTTPS URL Telegram should call',
    WEBHOOK_PORT: 'a port number between 1 and 65535',
    WEBHOOK_SECRET: '1 to 256 characters: letters, digits, _ and -',
    LLM_TIMEOUT_MS: 'milliseconds between 1000 and 600000, e.g. 30000',
  },
  settingRequirements: {
    llmModelForOpenai: 'required when LLM_PROVIDER=openai (e.g. gpt-4o-mini, deepseek-chat)',
    llmModelForOllama: 'required when LLM_PROVIDER=ollama (e.g. qwen2.5:7b)',
    embeddingsEndpoint: 'EMBEDDINGS_PROVIDER=openai needs an endpoint or an API key',
    webhookUrl: 'required when BOT_MODE=webhook (the public HTTPS URL Telegram calls)',
    webhookSecret:
      'required when BOT_MODE=webhook (a random string Telegram sends back in a header, so forged updates are refused)',
  },
};

/** Every language's table; a key missing from one of them is a type error. */
export const MESSAGES: Readonly<Record<Language, MessageTable>> = { zh, en };

export type MessageKey = keyof MessageTable;

/** What a message needs: a function's arguments, a record's key, nothing for plain text. */
export type MessageArgs<K extends MessageKey> = MessageTable[K] extends string
  ? []
  : MessageTable[K] extends (...args: infer A) => string
    ? A
    : [name: keyof MessageTable[K]];

/**
 * How a message puts its two languages together, as users have always seen it: `en zh` and `zh en`
 * are two sentences in one line, `zh / en` a label, `zh\nen` a paragraph each, `zh` or `en` one
 * language only (the command-line tools speak English).
 */
type Layout = 'en zh' | 'zh en' | 'zh / en' | 'zh\nen' | 'zh' | 'en';

const LAYOUTS = {
  errors: 'en zh',
  sourceFile: 'en',
  answerExpired: 'zh en',
  usage: 'zh / en',
  forExample: 'zh / en',
  questionPlaceholder: 'zh',
  or: 'en',
  newConversation: 'zh / en',
  unknownCommand: 'zh / en',
  botName: 'zh / en',
  botIntro: 'zh\nen',
  tryAsking: 'zh / en',
  howToAskEverywhere: 'zh\nen',
  help: 'zh / en',
  helpAsk: 'zh / en',
  helpSources: 'zh / en',
  helpNew: 'zh / en',
  helpStart: 'zh / en',
  admins: 'zh / en',
  helpReindex: 'zh / en',
  helpStats: 'zh / en',
  helpUpload: 'zh / en',
  howToAsk: 'zh\nen',
  indexedArticles: 'zh / en',
  previousPage: 'zh / en',
  nextPage: 'zh / en',
  inlinePrompt: 'zh / en',
  inlineExample: 'zh en',
  inlineHowTo: 'zh\nen',
  reindexing: 'zh / en',
  reindexProgress: 'zh / en',
  reindexComplete: 'zh / en',
  reindexFailed: 'zh / en',
  unexpectedReason: 'en',
  articleAdded: 'zh / en',
  uploadQueued: 'zh / en',
  indexStatus: 'zh / en',
  statsArticles: 'zh / en',
  statsChunks: 'zh / en',
  statsBuilt: 'zh / en',
  statsEmbedder: 'zh / en',
  statsAnswered: 'zh / en',
  statsUptime: 'zh / en',
  statsRebuilding: 'zh / en',
  failure: 'en',
  unexpectedFailure: 'en',
  skippedFiles: 'en',
  startFailed: 'en',
  failureHints: 'en',
  tokenMissing: 'en',
  tokenRefused: 'en',
  settingsProblems: 'en',
  settingHints: 'en',
  settingRequirements: 'en',
} as const satisfies Partial<Record<MessageKey, Layout>>;

/** Messages shown in both languages (or a fixed one); the others follow the reader's language. */
export type SharedMessageKey = keyof typeof LAYOUTS;

/** The mark shown before a message, whatever its language. */
const ICONS: Partial<Record<MessageKey, string>> = {
  passagesButton: '📄',
  reindexing: '⏳',
  reindexProgress: '⏳',
  reindexComplete: '✅',
  reindexFailed: '❌',
  articleAdded: '✅',
  uploadQueued: '⏳',
  statsRebuilding: '⏳',
};

/** Ends with a Chinese full stop (or ！？), which already leaves room before a following slash. */
const FULL_WIDTH_END = /[。！？]$/;

function combine(layout: Layout, zhText: string, enText: string): string {
  switch (layout) {
    case 'en zh':
      return `${enText} ${zhText}`;
    case 'zh en':
      return `${zhText} ${enText}`;
    case 'zh / en':
      return `${zhText}${FULL_WIDTH_END.test(zhText) ? '' : ' '}/ ${enText}`;
    case 'zh\nen':
      return `${zhText}\n${enText}`;
    case 'zh':
      return zhText;
    case 'en':
      return enText;
  }
}

function withIcon(key: MessageKey, text: string): string {
  const icon = ICONS[key];
  return icon ? `${icon} ${text}` : text;
}

/** One language's text of a message, without its icon. */
function textIn<K extends MessageKey>(language: Language, key: K, args: MessageArgs<K>): string {
  const entry = MESSAGES[language][key] as string | ((...a: unknown[]) => string) | Readonly<Record<string, string>>;
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'function') return entry(...args);
  return entry[String(args[0])] ?? '';
}

/** A message in the reader's language (answer headings, the passages button, the command menu). */
export function messageIn<K extends MessageKey>(language: Language, key: K, ...args: MessageArgs<K>): string {
  return withIcon(key, textIn(language, key, args));
}

/** A message as users see it: both languages put together the way that message always shows them. */
export function renderMessage<K extends SharedMessageKey>(key: K, ...args: MessageArgs<K>): string {
  const zhText = textIn('zh', key, args);
  const enText = textIn('en', key, args);
  return withIcon(key, combine(LAYOUTS[key], zhText, enText));
}

/** Keys whose texts form a family by name (error codes, settings, failures). */
type KeyedMessageKey = {
  [K in SharedMessageKey]: MessageTable[K] extends Readonly<Record<string, string>>
    ? MessageTable[K] extends string
      ? never
      : K
    : never;
}[SharedMessageKey];

/** The text a family has for `name`, or undefined when it has none (a setting without a hint). */
export function findMessage(key: KeyedMessageKey, name: string): string | undefined {
  if (!Object.hasOwn(MESSAGES.en[key], name)) return undefined;
  return renderMessage(key, name as never);
}

/** The text a user sees for an error code: the one path from a code to words. */
export function userMessage(code: ErrorCode): string {
  return renderMessage('errors', code);
}
