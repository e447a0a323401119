const STORAGE_KEY = 'gatehouse.admin-key';

// Falls back to memory where sessionStorage is unavailable (storage disabled): the key then lasts
// until the page is reloaded.
let memory: string | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * The admin key for this tab: sessionStorage, never localStorage, so it ends with the tab and is
 * not shared with the other tabs of the origin.
 */
export const keyStore = {
  get(): string | null {
    return storage()?.getItem(STORAGE_KEY) ?? memory;
  },
  set(key: string): void {
    memory = key;
    storage()?.setItem(STORAGE_KEY, key);
  },
  forget(): void {
    memory = null;
    storage()?.removeItem(STORAGE_KEY);
  },
};
