/**
 * The browser's local copies of documents (IndexedDB, one database per user and document, named
 * with this prefix; see use-collab-doc.ts). Kept apart from the Yjs code so that signing out, which
 * every page offers, does not load the editors' libraries with the first page.
 */
export const LOCAL_PREFIX = 'samraad:';

/** Deletes every local document copy this browser holds (on sign-out). */
export async function clearLocalDocuments(): Promise<void> {
  if (!('indexedDB' in window) || typeof indexedDB.databases !== 'function') return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .filter((db) => db.name?.startsWith(LOCAL_PREFIX))
      .map(
        (db) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(db.name!);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
