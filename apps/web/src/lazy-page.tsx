import { type ComponentType, useEffect, useState } from 'react';
import { Loading } from './components/States.js';
import { useI18n } from './i18n/index.js';

export interface LazyPage<P> {
  /** Renders the page, or "loading" until its code has arrived (once per session). */
  Page: ComponentType<P>;
  /** Fetches the page's code now (idempotent). */
  preload(): Promise<void>;
}

/**
 * A page whose code is fetched when first needed (or preloaded). Once the code is there, the page
 * renders at once, in the same render: React.lazy suspends on every first render of a lazy
 * component, even when its module is already loaded, and React holds a suspended page back for a
 * while after it resolves (bench:web: a case opened 700 ms later through React.lazy than from one
 * bundle, with its code prefetched or not).
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let component: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const preload = (): Promise<void> => {
    loading ??= load().then(
      (loaded) => {
        component = loaded;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  function Page(props: P) {
    const [loaded, setLoaded] = useState<ComponentType<P> | null>(() => component);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let current = true;
      preload().then(
        () => current && setLoaded(() => component),
        () => current && setFailed(true),
      );
      return () => {
        current = false;
      };
    }, [loaded]);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    return failed ? <LoadFailed /> : <Loading />;
  }
  return { Page, preload };
}

/** The page's code could not be fetched (offline, or a new deployment replaced it): reloading gets the current one. */
function LoadFailed() {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>{t('error.generic')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('error.retry')}
      </button>
    </div>
  );
}
