import { useEffect, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { session } from '../api/session-store.js';
import { LOCAL_PREFIX } from './local-documents.js';

export type ConnectionState = 'connecting' | 'connected' | 'offline' | 'refused';

export interface CollabDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  connection: ConnectionState;
  /** The server's state has been received at least once on this connection. */
  synced: boolean;
  /** The local copy (IndexedDB) has been loaded: edits made offline earlier are in the document. */
  localLoaded: boolean;
}

/** WebSocket close codes from the error catalogue (libs/domain/errors.ts). */
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_NOT_FOUND = 4404;

function collabServerUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/collab`;
}

/**
 * One live Yjs document over the stock y-websocket protocol (`/collab/<docName>?token=…`), with
 * a local IndexedDB copy so edits made while offline survive a reload and sync on reconnect.
 * The local copy is per user and is deleted when they sign out (shared tablets).
 */
export function useCollabDoc(docName: string | null, userId: string): CollabDoc | null {
  const [state, setState] = useState<CollabDoc | null>(null);

  useEffect(() => {
    if (!docName) {
      setState(null);
      return;
    }
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(`${LOCAL_PREFIX}${userId}:${docName}`, doc);
    const provider = new WebsocketProvider(collabServerUrl(), docName, doc, {
      params: { token: session.token ?? '' },
      maxBackoffTime: 4000,
    });
    relayOwnAwarenessOnly(provider);
    let current: CollabDoc = { doc, provider, connection: 'connecting', synced: false, localLoaded: false };
    const update = (patch: Partial<CollabDoc>) => {
      current = { ...current, ...patch };
      setState(current);
    };
    setState(current);

    void local.whenSynced.then(() => update({ localLoaded: true }));
    provider.on('status', ({ status }) => {
      if (current.connection === 'refused') return;
      update({ connection: status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline', synced: status === 'connected' ? current.synced : false });
    });
    provider.on('sync', (synced: boolean) => update({ synced }));
    provider.on('connection-close', (event) => {
      const code = event?.code;
      if (code === CLOSE_UNAUTHENTICATED) {
        // The token expired: get a fresh one (or wait for the sign-in dialog), then reconnect.
        provider.shouldConnect = false;
        void session.freshToken().then((token) => {
          provider.params = { ...provider.params, token };
          provider.connect();
        });
      } else if (code === CLOSE_FORBIDDEN || code === CLOSE_NOT_FOUND) {
        provider.shouldConnect = false;
        update({ connection: 'refused', synced: false });
      }
    });
    const stopTokenWatch = session.onTokenChange((token) => {
      if (token) provider.params = { ...provider.params, token };
    });
    // The browser knows before the socket does that the network went away.
    const goneOffline = () => update({ connection: 'offline', synced: false });
    window.addEventListener('offline', goneOffline);

    return () => {
      window.removeEventListener('offline', goneOffline);
      stopTokenWatch();
      provider.destroy();
      void local.destroy();
      doc.destroy();
    };
  }, [docName, userId]);

  return state;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * The stock provider re-broadcasts every awareness change it hears, other people's included.
 * The server refuses presence for client ids a connection does not own (and closes connections
 * that keep sending it), so only this client's own state is relayed.
 */
function relayOwnAwarenessOnly(provider: WebsocketProvider): void {
  const stock = (provider as unknown as { _awarenessUpdateHandler: (change: AwarenessChange, origin: unknown) => void })._awarenessUpdateHandler;
  const own = provider.awareness.clientID;
  provider.awareness.off('update', stock);
  provider.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const mine = { added: added.filter((id) => id === own), updated: updated.filter((id) => id === own), removed: removed.filter((id) => id === own) };
    if (mine.added.length + mine.updated.length + mine.removed.length > 0) stock(mine, origin);
  });
}

/** Re-renders when the given Yjs type (or anything inside it) changes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useYjsVersion(type: Y.AbstractType<any> | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!type) return;
    const bump = () => setVersion((v) => v + 1);
    type.observeDeep(bump);
    return () => type.unobserveDeep(bump);
  }, [type]);
  return version;
}
