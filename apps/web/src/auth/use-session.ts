import { useSyncExternalStore } from 'react';
import { session } from '../api/session-store.js';

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.getState);
}
