import { describe, expect, it } from 'vitest';
import { languageForLocales, languageOfLocale, resolveLanguage } from './language';

describe('languageForLocales', () => {
  it('reads French and English locale tags in every spelling', () => {
    for (const tag of ['fr', 'fr-FR', 'FR-be', 'fr_CA', 'fr-Latn-FR'])
      expect(languageOfLocale(tag)).toBe('fr');
    for (const tag of ['en', 'en-GB', 'en_US']) expect(languageOfLocale(tag)).toBe('en');
    for (const tag of ['fri', 'frr-DE', 'de-DE', '', 'french'])
      expect(languageOfLocale(tag)).toBeNull();
  });

  it('takes the first preferred locale we speak, English when none', () => {
    expect(languageForLocales(['de-DE', 'fr-FR', 'en-GB'])).toBe('fr');
    expect(languageForLocales(['nl-BE', 'en-US', 'fr-BE'])).toBe('en');
    expect(languageForLocales(['de-DE'])).toBe('en');
    expect(languageForLocales('fr-CA')).toBe('fr');
    expect(languageForLocales(null)).toBe('en');
    expect(languageForLocales([])).toBe('en');
  });

  it('lets the setting win', () => {
    expect(resolveLanguage('en', ['fr-FR'])).toBe('en');
    expect(resolveLanguage(null, ['fr-FR'])).toBe('fr');
  });
});
