import { describe, expect, it } from 'vitest';
import {
  buildVocabulary,
  buildVocabularyApart,
  VOCABULARY_THREAD_FROM_TEXTS,
} from '../../src/vector-store/vocabulary.js';

describe('the corpus vocabulary', () => {
  it('collects the names of a large corpus in a worker thread, as on the calling thread', async () => {
    const places = ['佳木斯市', '齐齐哈尔市', '龙江县', '哈尔滨市'];
    const texts = Array.from(
      { length: VOCABULARY_THREAD_FROM_TEXTS + 5 },
      (_, i) => `${places[i % places.length]}一季度签约${i + 1}个项目，张伟出席签约仪式。`,
    );
    const apart = await buildVocabularyApart(texts);
    expect(apart).toEqual(buildVocabulary(texts));
    expect(apart.map((entry) => entry.name)).toContain('佳木斯');
  });
});
