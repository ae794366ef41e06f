// Real Yjs clients: the stock y-websocket WebsocketProvider (Samråd, the reference server, the
// relay) or @hocuspocus/provider (Hocuspocus), each with its own WebSocket and Y.Doc.
import { HocuspocusProvider } from '@hocuspocus/provider';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** Root used for edits and cold-load documents: valid in Samråd's meeting ('minutes') and plan ('purpose') schemas. */
export function rootFor(docName) {
  return docName.includes('/plan') ? 'purpose' : docName.includes('/internal/') ? 'assessment' : 'minutes';
}

/**
 * Opens one client. `server` = { kind: 'y-websocket' | 'hocuspocus' | 'relay', base, token? }.
 * Resolves `ready` when synced (relay: when connected; a relay has no state to sync).
 */
export function openClient(server, docName, { timeoutMs = 30_000 } = {}) {
  const doc = new Y.Doc();
  const startedAt = performance.now();
  let provider;
  let ready;
  if (server.kind === 'hocuspocus') {
    provider = new HocuspocusProvider({ url: server.base, name: docName, document: doc, WebSocketPolyfill: WebSocket, token: server.token ?? 'bench', quiet: true });
    ready = new Promise((resolve, reject) => {
      provider.on('synced', () => resolve(performance.now() - startedAt));
      provider.on('authenticationFailed', () => reject(new Error('authentication failed')));
    });
  } else {
    provider = new WebsocketProvider(server.base, docName, doc, {
      WebSocketPolyfill: WebSocket,
      disableBc: true,
      params: server.token ? { token: server.token } : {},
      resyncInterval: -1,
      maxBackoffTime: 2500,
    });
    ready = new Promise((resolve) => {
      if (server.kind === 'relay') provider.on('status', ({ status }) => status === 'connected' && resolve(performance.now() - startedAt));
      else provider.on('sync', (synced) => synced && resolve(performance.now() - startedAt));
    });
  }
  let closes = 0;
  const onClose = (event) => {
    closes++;
    client.lastClose = event?.code ?? event?.event?.code ?? null;
  };
  if (server.kind === 'hocuspocus') provider.on('close', onClose);
  else provider.on('connection-close', onClose);
  const client = {
    doc,
    provider,
    awareness: provider.awareness,
    get closes() {
      return closes;
    },
    lastClose: null,
    ready: withTimeout(ready, timeoutMs, () => `client for ${docName} not synced in ${timeoutMs} ms (closes: ${closes}, last close code ${client.lastClose})`),
    destroy() {
      try {
        provider.destroy();
      } catch {
        // already gone
      }
      doc.destroy();
    },
  };
  return client;
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    }),
  ]);
}

/** Opens many clients with bounded concurrency; returns them once all are ready. */
export async function openClients(server, docNames, { concurrency = 16, timeoutMs } = {}) {
  const clients = new Array(docNames.length);
  let next = 0;
  async function worker() {
    while (next < docNames.length) {
      const index = next++;
      const client = openClient(server, docNames[index], { timeoutMs });
      clients[index] = client;
      await client.ready;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, docNames.length) }, worker));
  return clients;
}

/** Every text typed into a document's XmlText nodes under the root (for checking edits). */
export function allText(doc, root) {
  const out = [];
  const walk = (node) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) out.push(child.toString());
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment(root));
  return out.join('\n');
}
