import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { noticeText } from './noticeText';

const en = createI18n('en').t;
const fr = createI18n('fr').t;

describe('noticeText', () => {
  it('words a case that ended short in the user’s language, with plurals', () => {
    const notice = { code: 'incomplete', slidesFailed: 2, slides: 3, tilesFailed: 1 } as const;
    expect(noticeText(en, notice)).toBe(
      '2 of 3 slides could not be opened. 1 tile could not be read and was skipped.',
    );
    expect(noticeText(fr, notice)).toBe(
      '2 lames sur 3 n’ont pas pu être ouvertes. 1 tuile illisible a été ignorée.',
    );
    expect(noticeText(fr, { ...notice, slidesFailed: 0, tilesFailed: 12 })).toBe(
      '12 tuiles illisibles ont été ignorées.',
    );
  });

  it('words every code in French, with the retry delay, and nothing when all is well', () => {
    expect(noticeText(fr, { code: 'unreachable', retryInSeconds: 30 })).toBe(
      'Les lames sont injoignables\u00a0: nouvel essai dans 30\u00a0s.',
    );
    for (const code of ['failed', 'refused', 'cache_full', 'slow'] as const) {
      const text = noticeText(fr, { code });
      expect(text).not.toMatch(/progress\.notice/);
      expect(text).not.toBe(noticeText(en, { code }));
    }
    expect(noticeText(fr, null)).toBe('');
  });
});
