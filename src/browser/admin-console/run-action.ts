import { AdminApiError } from './admin-api-error.js';
import { resultView } from './result-view.js';

/** Runs one console action: its button disabled meanwhile, any failure shown in `result`. */
export type RunAction = (button: HTMLButtonElement, action: () => Promise<void>) => Promise<void>;

/**
 * The action runner. A 401 (key unknown or revoked) or 403 (a token without the admin scope)
 * means the credential will never work: `onRefused` forgets it and asks for another.
 */
export function createActionRunner(onRefused: (error: AdminApiError) => void): RunAction {
  return async (button, action) => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      if (error instanceof AdminApiError && (error.status === 401 || error.status === 403)) {
        onRefused(error);
      } else {
        resultView.failure(error);
      }
    } finally {
      button.disabled = false;
    }
  };
}
