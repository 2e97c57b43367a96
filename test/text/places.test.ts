import { describe, expect, it } from 'vitest';
import { ADMIN_SUFFIXES, hasAdminSuffix, stripAdminSuffix } from '../../src/text/places.js';

describe('administrative place suffixes', () => {
  it('knows every level a place name may end with', () => {
    expect([...ADMIN_SUFFIXES].sort()).toEqual(['县', '区', '州', '市', '旗', '村', '盟', '省', '乡', '镇'].sort());
    for (const name of [
      '黑龙江省',
      '哈尔滨市',
      '龙江县',
      '城区',
      '某某镇',
      '某某乡',
      '某某村',
      '某某州',
      '某某盟',
      '某某旗',
    ]) {
      expect(hasAdminSuffix(name), name).toBe(true);
    }
    expect(hasAdminSuffix('招商引资')).toBe(false);
    expect(hasAdminSuffix('市场')).toBe(false);
  });

  it('reads a name without its suffix, except a two-character name that would be left with one', () => {
    expect(stripAdminSuffix('哈尔滨市')).toBe('哈尔滨');
    expect(stripAdminSuffix('黑龙江省')).toBe('黑龙江');
    expect(stripAdminSuffix('城区')).toBe('城区');
    expect(stripAdminSuffix('哈尔滨')).toBe('哈尔滨');
  });
});
