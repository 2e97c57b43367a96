// Administrative place suffixes: a place is written with or without its level (province, city,
// county, district, town, village, prefecture, league, banner), and both spellings must match.

/** The suffixes of Chinese administrative divisions, one character each. */
export const ADMIN_SUFFIXES: readonly string[] = ['省', '市', '县', '区', '镇', '乡', '村', '州', '盟', '旗'];

const ADMIN_SUFFIX = new RegExp(`(?:${ADMIN_SUFFIXES.join('|')})$`);

/** Whether a word ends with an administrative suffix. */
export function hasAdminSuffix(word: string): boolean {
  return ADMIN_SUFFIX.test(word);
}

/**
 * The name without its administrative suffix, so that both spellings match. A two-character name
 * keeps its suffix: without it only one character is left, which names nothing.
 */
export function stripAdminSuffix(name: string): string {
  return name.length >= 3 ? name.replace(ADMIN_SUFFIX, '') : name;
}
