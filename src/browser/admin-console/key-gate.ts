import type { AdminApiError } from './admin-api-error.js';
import { byTestId } from './by-test-id.js';
import { keyStore } from './key-store.js';
import { resultView } from './result-view.js';

/** Shows the key form or the console, whichever fits; `lock` forgets a refused key. */
export interface KeyGate {
  start(): void;
  lock(error: AdminApiError): void;
}

/**
 * The admin key form: a key entered once is kept for the tab (keyStore) and the console shown;
 * "Forget key" or a refused key brings the form back. `onUnlock` loads what the console shows
 * first, `onLock` clears what it showed.
 */
export function createKeyGate(hooks: { onUnlock: () => void; onLock: () => void }): KeyGate {
  const form = byTestId<HTMLFormElement>('key-form');
  const input = byTestId<HTMLInputElement>('admin-key-input');
  const forget = byTestId<HTMLButtonElement>('admin-key-forget');

  const show = (unlocked: boolean) => {
    byTestId('key-section').hidden = unlocked;
    byTestId('console').hidden = !unlocked;
    forget.hidden = !unlocked;
    (unlocked ? byTestId<HTMLInputElement>('user-search-input') : input).focus();
    if (unlocked) hooks.onUnlock();
  };
  const lock = () => {
    keyStore.forget();
    hooks.onLock();
    show(false);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim().replace(/^bearer\s+/i, '');
    input.value = '';
    if (key === '' || /\s/.test(key)) {
      resultView.failure(new Error('Enter the admin API key (gha_…), without spaces'));
      return;
    }
    keyStore.set(key);
    resultView.success('Admin key set for this tab');
    show(true);
  });
  forget.addEventListener('click', () => {
    lock();
    resultView.success('Admin key forgotten');
  });

  return {
    start: () => show(keyStore.get() !== null),
    lock: (error) => {
      lock();
      resultView.failure(error);
    },
  };
}
