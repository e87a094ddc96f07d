import { describe, it, expect } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { createI18n, formatDate, formatDateTime } from './index';
import { resolveLanguage } from './language';

function flatten(obj: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null)
      for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const flatEn = flatten(en);
  const flatFr = flatten(fr);

  it('have exactly the same keys in French and English', () => {
    expect([...flatFr.keys()].sort()).toEqual([...flatEn.keys()].sort());
    expect(flatEn.size).toBeGreaterThan(100);
  });

  it('have no empty or non-string values', () => {
    for (const [key, value] of [...flatEn, ...flatFr]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of flatEn) {
      expect(placeholders(flatFr.get(key) as string), key).toEqual(placeholders(value as string));
    }
  });

  it('translate with plurals and interpolation', () => {
    const i18n = createI18n('fr');
    expect(i18n.t('case.slideCount', { count: 1 })).toBe('1 lame');
    expect(i18n.t('case.slideCount', { count: 3 })).toBe('3 lames');
    expect(i18n.t('worklist.count', { shown: 2, total: 5 })).toBe('2 dossiers sur 5');
    void i18n.changeLanguage('en');
    expect(i18n.t('case.slideCount', { count: 3 })).toBe('3 slides');
  });
});

describe('resolveLanguage', () => {
  it('prefers the setting, then a French system, then English', () => {
    expect(resolveLanguage('en', 'fr-FR')).toBe('en');
    expect(resolveLanguage(null, 'fr-FR')).toBe('fr');
    expect(resolveLanguage(null, 'FR')).toBe('fr');
    expect(resolveLanguage(null, 'fr-CA')).toBe('fr');
    expect(resolveLanguage(null, 'de-DE')).toBe('en');
    expect(resolveLanguage(null, '')).toBe('en');
    expect(resolveLanguage(null, undefined)).toBe('en');
  });
});

describe('date formatting', () => {
  it('formats calendar dates without shifting the day', () => {
    expect(formatDate('1956-03-14', 'fr')).toBe('14/03/1956');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });

  it('formats date-times in the local zone', () => {
    const iso = new Date(2024, 4, 4, 9, 5).toISOString();
    expect(formatDateTime(iso, 'fr')).toBe('04/05/2024 09:05');
  });
});
