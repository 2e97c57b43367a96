// Site boilerplate removal shared by every format: copyright statements, "返回…" navigation,
// editor and source credit lines, share widgets. Credits are mined for the publisher and URL
// before they are dropped.

export interface CleanResult {
  paragraphs: string[];
  /** Publisher named by a credit line such as "（文章来源：<publisher>）". */
  publisher: string | undefined;
  /** A bare link line such as "<http://…>", often the original article's address. */
  url: string | undefined;
}

/**
 * Collapses full-width and non-breaking spaces and runs of whitespace; trims. Full-width digits
 * and Latin letters (５０亿美元, ＧＤＰ, ３．５％) become ASCII so figures read alike everywhere;
 * Chinese punctuation (，。；) is kept, sentences end on it.
 */
export function normaliseSpace(text: string): string {
  return text
    .replace(/[０-９Ａ-Ｚａ-ｚ％]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/(?<=\d)．(?=\d)/g, '.')
    .replace(/[\u00a0\u2002\u2003\u3000\t]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A heading that starts the site's closing legal block: it and everything after it go. */
const COPYRIGHT_BLOCK_START = /版权.{0,12}声明|版权所有|免责声明|^Copyright|^©/i;

const COPYRIGHT_LINE =
  /未经.{0,12}授权.{0,12}(不得|禁止)|转载目的在于传递更多信息|追究其?(相关)?法律责任|All rights reserved|版权所有|本网注明/i;

const NAVIGATION_LINE =
  /^\[?返回|返回首页|返回顶部|^(分享到|打印本页|关闭窗口|【?字[体号]|上一篇|下一篇|相关(新闻|阅读|链接)|扫一扫|点击(查看|进入)|责任编辑|网站地图)/;

const CREDIT_LINE =
  /^[(（]?\s*(责任编辑|编辑|责编|审核|校对|编审|来源|文章来源|稿件来源|作者|记者|通讯员|原标题|摄影)\s*[:：]/;

/** "（文章来源：<publisher>）", "来源:<publisher>" → the publisher's name. */
const SOURCE_CREDIT = /^[(（]?\s*(?:文章|稿件)?来源\s*[:：]\s*([^)）|\s]{2,30})\s*[)）]?$/;

/** A byline: a line opened by □, ■ or ◎ (reporters and their paper), or "本报记者 <name>". */
const BYLINE = /^(□|■|◎).{0,60}$|^(本报|本台|新华社)?(全媒体)?记者\s*\S{2,12}(\s+\S{2,12})*$/;

/** A dateline such as "发布时间：<date> 来源：<publisher>", or a date followed by 来源/作者/编辑 fields. */
function isDateline(paragraph: string): boolean {
  if (paragraph.length >= 80) return false;
  if (/^(?:发布|更新|发表)?(?:时间|日期)\s*[:：]/.test(paragraph)) return true;
  return /^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}/.test(paragraph) && /(?:来源|作者|编辑|浏览|点击)\s*[:：]/.test(paragraph);
}
const SOURCE_IN_META = /(?:来源|稿源)\s*[:：]\s*([^\s|｜:：]{2,30})/;

const BARE_LINK = /^<?(https?:\/\/[^\s<>]+)>?$/;

/** Removes boilerplate paragraphs, keeping what they tell about the publisher and URL. */
export function cleanParagraphs(raw: readonly string[]): CleanResult {
  let publisher: string | undefined;
  let url: string | undefined;
  const paragraphs: string[] = [];
  for (const original of raw) {
    // "<site>消息（<programme>）：" opens broadcast transcripts; it credits the source and says nothing.
    const paragraph = normaliseSpace(original).replace(/^[^\s，。]{2,8}消息[（(][^）)]{1,12}[）)][:：]\s*/, '');
    if (paragraph === '') continue;
    if (COPYRIGHT_BLOCK_START.test(paragraph) && paragraph.length < 80) break;
    const link = BARE_LINK.exec(paragraph);
    if (link) {
      url ??= link[1];
      continue;
    }
    const source = SOURCE_CREDIT.exec(paragraph);
    if (source) {
      publisher ??= source[1];
      continue;
    }
    if (isDateline(paragraph)) {
      publisher ??= SOURCE_IN_META.exec(paragraph)?.[1];
      continue;
    }
    if (CREDIT_LINE.test(paragraph) && paragraph.length < 80) continue;
    if (BYLINE.test(paragraph) && paragraph.length < 60) continue;
    if (NAVIGATION_LINE.test(paragraph) && paragraph.length < 80) continue;
    if (COPYRIGHT_LINE.test(paragraph)) continue;
    paragraphs.push(paragraph);
  }
  return { paragraphs, publisher, url };
}

/** Year, month and day with separators (YYYY-MM-DD, YYYY年M月D日, YYYY.M.D). */
const WRITTEN_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
/** Eight digits opening the value (YYYYMMDD). */
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?!\d)/;

/** Parses a date in the forms news pages use into ISO `YYYY-MM-DD`. */
export function toIsoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return undefined;
  const match = WRITTEN_DATE.exec(value) ?? COMPACT_DATE.exec(value);
  if (!match) {
    // RFC 2822 dates of feeds ("Wed, 1 Jun 2022 08:00:00 GMT"), read as China time.
    const parsed = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
    return Number.isNaN(parsed) ? undefined : new Date(parsed + 8 * 3_600_000).toISOString().slice(0, 10);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
