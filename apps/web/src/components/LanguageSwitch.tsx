import { type Language, LANGUAGES, useI18n } from '../i18n/index.js';

/** Two toggle buttons; each names its language in that language, so anyone can find theirs. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const names: Record<Language, string> = { da: 'Dansk', en: 'English' };
  return (
    <div className="language-switch" role="group" aria-label={t('app.language')}>
      {LANGUAGES.map((option) => (
        <button key={option} type="button" lang={option} aria-pressed={language === option} onClick={() => setLanguage(option)}>
          {names[option]}
        </button>
      ))}
    </div>
  );
}
