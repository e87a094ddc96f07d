/**
 * i18next set up for the renderer: French and English bundled (no loading), typed keys
 * (a key missing from en.ts is a compile error), and Intl formatting for the current
 * language.
 */
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../electron/common/contract';
import { en } from './en';
import type { Messages } from './en';
import { fr } from './fr';
import { localeOf } from './language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const resources = { en: { translation: en }, fr: { translation: fr } } as const;

/** A new i18next instance speaking `language`; synchronous because resources are bundled. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['fr', 'en'],
    initAsync: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function format(
  language: Language,
  options: Intl.DateTimeFormatOptions,
  key: string,
): Intl.DateTimeFormat {
  const cacheKey = `${language}:${key}`;
  let f = dateFormats.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(language), options);
    dateFormats.set(cacheKey, f);
  }
  return f;
}

/** 14/03/1956 (fr) or 14/03/1956 (en-GB); ISO dates are read as calendar days, not UTC instants. */
export function formatDate(isoDate: string, language: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  return format(language, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'date').format(
    date,
  );
}

/** Date and time in the local time zone: "04/05/2024 12:30". */
export function formatDateTime(isoDateTime: string, language: Language): string {
  const date = new Date(isoDateTime);
  if (Number.isNaN(date.getTime())) return isoDateTime;
  return format(
    language,
    { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    'datetime',
  ).format(date);
}

export function formatNumber(n: number, language: Language, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits }).format(n);
}

/** A moment of today as "14:32", of another day as "04/05/2024 14:32". */
export function formatMoment(isoDateTime: string, language: Language, now = new Date()): string {
  const date = new Date(isoDateTime);
  if (Number.isNaN(date.getTime())) return isoDateTime;
  if (date.toDateString() !== now.toDateString()) return formatDateTime(isoDateTime, language);
  return format(language, { hour: '2-digit', minute: '2-digit' }, 'time').format(date);
}
