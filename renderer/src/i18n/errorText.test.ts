import { describe, it, expect } from 'vitest';
import { ERROR_CODES } from '../../../electron/common/errors';
import { archiveTestKey, errorCodeKey, errorSentenceKey, knownErrorCode } from './errorText';
import { createI18n } from './index';

describe('error texts', () => {
  for (const language of ['fr', 'en'] as const) {
    it(`explain every error code in a sentence of its own (${language})`, () => {
      const i18n = createI18n(language);
      const sentences = ERROR_CODES.map((code) => i18n.t(errorSentenceKey(code)));
      const titles = ERROR_CODES.map((code) => i18n.t(errorCodeKey(code)));
      const tests = ERROR_CODES.map((code) => i18n.t(archiveTestKey(code)));
      for (const list of [sentences, titles, tests]) {
        for (const text of list) {
          expect(text).not.toMatch(/^errors\.|^archives\./); // a real translation, not the key
          expect(text.trim()).not.toBe('');
        }
        expect(new Set(list).size).toBe(ERROR_CODES.length);
      }
    });
  }

  it('speaks the chosen language', () => {
    expect(createI18n('fr').t(errorSentenceKey('offline'))).toMatch(/^Non disponible hors ligne/);
    expect(createI18n('en').t(errorSentenceKey('offline'))).toMatch(/^Not available offline/);
    // The engine's message is never put inside a sentence: it sits behind this button.
    expect(createI18n('fr').t('errors.details')).toBe('Détails');
  });

  it('reads an unknown code as an internal error', () => {
    expect(knownErrorCode('teapot')).toBe('internal');
    expect(errorSentenceKey('teapot')).toBe('errors.explain.internal');
    expect(archiveTestKey(null)).toBe('archives.test.code.internal');
    expect(knownErrorCode('unauthorized')).toBe('unauthorized');
  });
});
