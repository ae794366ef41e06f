import type { ApiErrorBody, SessionResponse, SessionUser } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export type SessionStatus = 'loading' | 'anonymous' | 'signed-in' | 'expired';

interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
}

type Listener = () => void;

async function errorFrom(response: Response): Promise<ApiError> {
  let body: ApiErrorBody = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(response.status, body.error?.code ?? `Http${response.status}`, body.error?.message ?? response.statusText, body.error?.fields);
}

/**
 * Holds the session outside React: the access token lives only in memory, the refresh token in
 * an httpOnly cookie scoped to /api/auth. Every request goes through `request`, which refreshes
 * once on 401 and retries. When the refresh fails the session is marked expired and the request
 * waits until the user signs in again in the dialog, so the page (and what was typed) stays put.
 */
export class SessionStore {
  private state: SessionState = { status: 'loading', user: null };
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private waitingForLogin: { resolve(): void; reject(error: Error): void }[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly tokenListeners = new Set<(token: string | null) => void>();

  getState = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For live connections that carry the token in their URL (y-websocket, Socket.IO). */
  get token(): string | null {
    return this.accessToken;
  }

  onTokenChange(listener: (token: string | null) => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  /** On page load: a refresh cookie from an earlier visit restores the session. */
  async restore(): Promise<void> {
    const ok = await this.refresh();
    if (!ok) this.setState({ status: 'anonymous', user: null });
  }

  async login(email: string, password: string): Promise<SessionUser> {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw await errorFrom(response);
    const session = (await response.json()) as SessionResponse;
    const previous = this.state.user;
    if (previous && previous.id !== session.user.id) {
      // Someone else signed in over an expired session: nothing of the first user's may carry over.
      window.location.assign('/');
    }
    this.accept(session);
    const waiting = this.waitingForLogin.splice(0);
    for (const waiter of waiting) waiter.resolve();
    return session.user;
  }

  async logout(): Promise<void> {
    try {
      await fetch('/api/auth/logout', { method: 'POST', credentials: 'include' });
    } finally {
      this.clear();
      const waiting = this.waitingForLogin.splice(0);
      for (const waiter of waiting) waiter.reject(new ApiError(401, 'SignedOut', 'Signed out'));
    }
  }

  /** GET/POST/... under /api with the bearer token; JSON in and out. */
  async request<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    let response = await this.send(path, init);
    if (response.status === 401) {
      if (!(await this.refresh())) await this.waitForLogin();
      response = await this.send(path, init);
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /**
   * A live connection was refused for an expired token: refresh (or ask to sign in again) and
   * hand back a fresh token.
   */
  async freshToken(): Promise<string> {
    if (!(await this.refresh())) await this.waitForLogin();
    return this.accessToken ?? '';
  }

  private send(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.accessToken) headers['authorization'] = `Bearer ${this.accessToken}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers,
      credentials: 'include',
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  }

  /** Single-flight: concurrent 401s share one refresh (the refresh token rotates and is single-use). */
  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const response = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'include' });
        if (!response.ok) {
          if (this.state.user) this.expire();
          return false;
        }
        this.accept((await response.json()) as SessionResponse);
        return true;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private waitForLogin(): Promise<void> {
    if (this.state.status !== 'expired') {
      if (!this.state.user) return Promise.reject(new ApiError(401, 'Unauthenticated', 'Not signed in'));
      this.expire();
    }
    return new Promise((resolve, reject) => this.waitingForLogin.push({ resolve, reject }));
  }

  private expire(): void {
    this.setToken(null);
    clearTimeout(this.refreshTimer);
    this.setState({ status: 'expired', user: this.state.user });
  }

  private accept(session: SessionResponse): void {
    this.setToken(session.accessToken);
    this.setState({ status: 'signed-in', user: session.user });
    clearTimeout(this.refreshTimer);
    // Refresh a minute early so live connections never reconnect with a stale token.
    const inMs = Math.max(10, session.expiresIn - 60) * 1000;
    this.refreshTimer = setTimeout(() => void this.refresh(), inMs);
  }

  private clear(): void {
    clearTimeout(this.refreshTimer);
    this.setToken(null);
    this.setState({ status: 'anonymous', user: null });
  }

  private setToken(token: string | null): void {
    this.accessToken = token;
    for (const listener of this.tokenListeners) listener(token);
  }

  private setState(next: SessionState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

export const session = new SessionStore();
