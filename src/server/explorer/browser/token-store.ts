/**
 * The pasted token lives in sessionStorage at most: gone when the tab closes,
 * never in localStorage where it would outlive the session.
 */
const KEY = 'care-gateway.explorer.token';

export function savedToken(storage: Storage): string {
  return storage.getItem(KEY) ?? '';
}

export function saveToken(storage: Storage, token: string): void {
  if (token) storage.setItem(KEY, token);
  else storage.removeItem(KEY);
}
