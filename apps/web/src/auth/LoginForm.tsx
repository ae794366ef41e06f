import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError, session } from '../api/session-store.js';
import { useI18n } from '../i18n/index.js';

/** The sign-in card; also used inside the session-expired dialog with the e-mail fixed. */
export function LoginForm({ fixedEmail, onSignedIn, compact = false }: { fixedEmail?: string; onSignedIn?: () => void; compact?: boolean }) {
  const { t } = useI18n();
  const [email, setEmail] = useState(fixedEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(email.trim(), password);
      setPassword('');
      onSignedIn?.();
    } catch (caught) {
      const code = caught instanceof ApiError ? caught.code : 'Network';
      setError(code === 'InvalidCredentials' || code === 'ValidationFailed' ? t('auth.invalidCredentials') : code === 'TooManyAttempts' || (caught instanceof ApiError && caught.status === 429) ? t('auth.throttled') : t('auth.failed'));
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={compact ? 'login-form' : 'login-form card'} onSubmit={(event) => void submit(event)} aria-describedby={error ? `${id}-error` : undefined} noValidate>
      {!compact && (
        <>
          <div className="login-brand" aria-hidden="true">
            <svg viewBox="0 0 32 32" width="40" height="40" focusable="false">
              <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" strokeWidth="2.5" />
              <circle cx="16" cy="16" r="8" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.6" />
              <circle cx="16" cy="16" r="3.5" fill="currentColor" />
            </svg>
          </div>
          <h1>{t('auth.title')}</h1>
          <p className="muted">{t('auth.intro')}</p>
        </>
      )}
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('auth.email')}</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          readOnly={fixedEmail !== undefined}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('auth.password')}</label>
        <input
          id={`${id}-password`}
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          autoFocus={fixedEmail !== undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary button-block" disabled={busy || !email || !password}>
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
