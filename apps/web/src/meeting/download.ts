import { session } from '../api/session-store.js';

/**
 * Downloads a file from the API with the bearer token (the access token lives only in memory, so a
 * plain link would not be authorised), then hands it to the browser as a normal download.
 */
export async function downloadFromApi(path: string, filename: string): Promise<void> {
  const get = (token: string | null) => fetch(`/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: 'include' });
  let response = await get(session.token);
  if (response.status === 401) response = await get(await session.freshToken());
  if (!response.ok) throw new Error(`download failed: ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
