import type { AdminApi } from './admin-api.js';
import { byTestId } from './by-test-id.js';
import { confirmAction } from './confirm-action.js';
import { resultView } from './result-view.js';
import type { RunAction } from './run-action.js';

/** "Signing keys": rotate (confirmed), then show the new kid and the previous ones. */
export function keysPanel(api: AdminApi, run: RunAction): void {
  const rotate = byTestId<HTMLButtonElement>('rotate-key');
  const info = byTestId('keys-info');

  rotate.addEventListener('click', () => {
    void run(rotate, async () => {
      const question =
        'Rotate the signing key? New access tokens are signed with a new key; those signed with the current one keep verifying until they expire.';
      if (!(await confirmAction(question, 'Rotate'))) return;
      const { kid, previous } = await api.rotateKey();
      resultView.success(`Rotated: new key ${kid}`);
      info.textContent = `Active key: ${kid}. Previous keys, still verifying their tokens: ${
        previous.length === 0 ? 'none' : previous.join(', ')
      }.`;
    });
  });
}
