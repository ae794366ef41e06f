import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { colourFor } from '../format.js';

export interface Present {
  clientId: number;
  userId: string | null;
  name: string;
  colour: string;
  role: string | null;
  self: boolean;
}

interface AwarenessUser {
  id?: unknown;
  name?: unknown;
  color?: unknown;
  role?: unknown;
}

/**
 * Who is in the document now, from awareness. The server stamps the identity it authenticated
 * into each state (ARCHITECTURE.md); a client's own claims are only a fallback for display.
 * One entry per user even with several tabs open.
 */
export function usePresence(provider: WebsocketProvider | null): Present[] {
  const [present, setPresent] = useState<Present[]>([]);
  useEffect(() => {
    if (!provider) return;
    const awareness = provider.awareness;
    const read = () => {
      const byUser = new Map<string, Present>();
      for (const [clientId, state] of awareness.getStates()) {
        const user = ((state as { user?: AwarenessUser }).user ?? {}) as AwarenessUser;
        const userId = typeof user.id === 'string' ? user.id : null;
        const key = userId ?? `client-${clientId}`;
        const self = clientId === awareness.clientID;
        if (byUser.has(key) && !self) continue;
        byUser.set(key, {
          clientId,
          userId,
          name: typeof user.name === 'string' ? user.name : '?',
          // Our own palette (AA contrast with white initials), not the caret colour.
          colour: userId ? colourFor(userId) : '#4a5566',
          role: typeof user.role === 'string' ? user.role : null,
          self,
        });
      }
      setPresent([...byUser.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'da')));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [provider]);
  return present;
}
