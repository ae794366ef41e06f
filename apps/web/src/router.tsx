import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react';

/** A tiny history-API router: the app has a handful of routes, which does not justify a dependency. */
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
  window.scrollTo(0, 0);
}

export function usePath(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.pathname,
  );
}

export type Route =
  | { name: 'overview' }
  | { name: 'case'; caseId: string; tab: string | null }
  | { name: 'network-map'; caseId: string }
  | { name: 'meeting'; caseId: string; meetingId: string }
  | { name: 'genogram'; caseId: string }
  | { name: 'assessment'; caseId: string; meetingId: string }
  | { name: 'not-found' };

const ID = '([0-9a-fA-F-]{36})';

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { name: 'overview' };
  let match = new RegExp(`^/cases/${ID}/network-map/?$`).exec(path);
  if (match) return { name: 'network-map', caseId: match[1]! };
  match = new RegExp(`^/cases/${ID}/genogram/?$`).exec(path);
  if (match) return { name: 'genogram', caseId: match[1]! };
  match = new RegExp(`^/cases/${ID}/meetings/${ID}/assessment/?$`).exec(path);
  if (match) return { name: 'assessment', caseId: match[1]!, meetingId: match[2]! };
  match = new RegExp(`^/cases/${ID}/meetings/${ID}/?$`).exec(path);
  if (match) return { name: 'meeting', caseId: match[1]!, meetingId: match[2]! };
  match = new RegExp(`^/cases/${ID}(?:/([a-z-]+))?/?$`).exec(path);
  if (match) return { name: 'case', caseId: match[1]!, tab: match[2] ?? null };
  return { name: 'not-found' };
}

/** An anchor that navigates in-app on a plain click, and behaves as a normal link otherwise. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

/** Moves focus to the page's main heading after navigation, so screen readers announce the new page. */
export function useFocusHeadingOnChange(key: string): void {
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }, [key]);
}
