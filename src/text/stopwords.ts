// Stopwords, one list per language: words that carry no meaning for search or for matching a
// question's content against an answer sentence.

/** Chinese function words, question words and news filler. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set(
  (
    '的 了 和 与 及 是 在 有 为 对 等 也 就 都 而 并 将 把 被 由 从 向 到 于 以 之 其 这 那 个 中 上 下 ' +
    '我 你 他 她 它 们 我们 他们 一 一个 多少 什么 哪 哪个 哪些 哪家 吗 呢 吧 啊 么 怎么 如何 几 谁 ' +
    '是否 还 又 该 已 已经 可以 通过 进行 以及 或 或者 但 但是 如果 因为 所以 此 此次 今年 记者'
  ).split(/\s+/),
);

/** English function words, question words and the phrasing of requests ("please tell me"), lower case. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the of to in on at for from by with and or but is are was were be been being do does did ' +
    'what which who whom whose when where why how much many this that these those it its their there ' +
    'as into about over under after before between than then also any all each some such can could ' +
    'would should will shall may might must have has had not no yes please tell me us show give list ' +
    'according report reported reports article articles say said says get got make made ' +
    'during late early mid i we you they he she his her our your my'
  ).split(/\s+/),
);

/** Whether a word (as written, or lower-cased for English) is a stopword in either language. */
export function isStopword(word: string): boolean {
  return CHINESE_STOPWORDS.has(word) || ENGLISH_STOPWORDS.has(word);
}
