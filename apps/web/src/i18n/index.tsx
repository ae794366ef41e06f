import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import da from './da.json';
import en from './en.json';

/** Every UI string has a key in da.json; en.json must have the same keys (checked by the type below). */
export type TranslationKey = keyof typeof da;
export type Language = 'da' | 'en';
export const LANGUAGES: readonly Language[] = ['da', 'en'];

const DICTIONARIES: Record<Language, Record<TranslationKey, string>> = { da, en };
const STORAGE_KEY = 'samraad.language';

export type Translate = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** `{name}` placeholders are replaced by params; a missing key falls back to Danish, then the key. */
export function translate(language: Language, key: TranslationKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[language][key] ?? DICTIONARIES.da[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'da' || stored === 'en') return stored;
  } catch {
    // Storage may be disabled; Danish is the default.
  }
  return 'da';
}

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** The locale for dates and numbers. */
  locale: string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but still switched.
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: (key, params) => translate(language, key, params), locale: language === 'da' ? 'da-DK' : 'en-GB' }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
