// Chinese word segmentation with @node-rs/jieba, shared by the keyword index, the vocabulary and
// question understanding so that indexing and querying cut words the same way.
import { Jieba, type TaggedWord } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { isHanWord } from './han.js';
import { hasAdminSuffix } from './places.js';
import { isStopword } from './stopwords.js';

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const MEANINGFUL = /[\p{L}\p{N}]/u;

/** Search tokens: jieba's search-mode cut, lower-cased, punctuation and stopwords removed. */
export function tokenize(text: string): string[] {
  return segmenter()
    .cutForSearch(text, true)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '' && MEANINGFUL.test(word) && !isStopword(word));
}

/** Words in jieba's default (precise) mode, as written. */
export function cutWords(text: string): string[] {
  return segmenter().cut(text, true);
}

let dictionary: Map<string, { frequency: number; tag: string }> | undefined;

function dictionaryEntry(word: string): { frequency: number; tag: string } | undefined {
  if (!dictionary) {
    dictionary = new Map();
    for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
      const [entry, count, tag] = line.split(' ');
      if (entry && count) dictionary.set(entry, { frequency: Number(count), tag: (tag ?? '').trim() });
    }
  }
  return dictionary.get(word);
}

/** How common a word is in jieba's dictionary (0 when it is not listed). */
export function dictionaryFrequency(word: string): number {
  return dictionaryEntry(word)?.frequency ?? 0;
}

/**
 * Whether the stem of a place with an administrative suffix (a city's name without its 市) is itself
 * a name: yes unless jieba's dictionary knows it as a frequent common word (中心区 → 中心 is a noun).
 */
export function isPlaceStem(stem: string): boolean {
  if (stem.length < 2 || !isHanWord(stem)) return false;
  const entry = dictionaryEntry(stem);
  return (
    entry === undefined ||
    NAME_TAGS.has(entry.tag) ||
    entry.frequency <= COMMON_WORD_FREQUENCY ||
    MAJOR_PLACES.has(stem)
  );
}

const NAME_TAGS = new Set(['ns', 'nr', 'nrt', 'nrfg', 'nt', 'nz']);
/**
 * Provinces, regions and large cities: frequent enough in jieba's dictionary to look like common
 * words, yet always names.
 */
const MAJOR_PLACES = new Set(
  (
    '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 ' +
    '四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 东北 华北 华东 华南 西北 西南 ' +
    '哈尔滨 长春 沈阳 大连 石家庄 太原 呼和浩特 济南 青岛 南京 苏州 杭州 宁波 合肥 福州 厦门 南昌 郑州 武汉 ' +
    '长沙 广州 深圳 南宁 海口 成都 贵阳 昆明 拉萨 西安 兰州 西宁 银川 乌鲁木齐 大庆 齐齐哈尔 佳木斯 牡丹江 ' +
    '京津冀 长三角 珠三角 粤港澳 中国 全国'
  ).split(/\s+/),
);

/** Above this dictionary frequency a word tagged as a name is a common word (城市, 上市, 深度). */
const COMMON_WORD_FREQUENCY = 1500;

/**
 * Whether a tagged word is a proper name. jieba's tags are noisy: common words such as 城市 or
 * 深度 carry place tags, so very frequent dictionary words only count with an administrative suffix.
 */
export function isProperName(word: string, tag: string): boolean {
  if (word.length < 2 || !isHanWord(word)) return false;
  if (MAJOR_PLACES.has(word)) return word !== '中国' && word !== '全国';
  if (!NAME_TAGS.has(tag)) return false;
  return dictionaryFrequency(word) <= COMMON_WORD_FREQUENCY || (word.length >= 3 && hasAdminSuffix(word));
}

/** Words with part-of-speech tags (ns place, nr person, nt organisation, …). */
export function tagWords(text: string): TaggedWord[] {
  return segmenter().tag(text, true);
}
