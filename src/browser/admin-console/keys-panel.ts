import type { AdminApi, KeyChange } from './admin-api.js';
import { byTestId } from './by-test-id.js';
import { confirmAction } from './confirm-action.js';
import { renderKeys } from './keys-table.js';
import { resultView } from './result-view.js';
import type { RunAction } from './run-action.js';

/** The signing keys panel: what it shows is loaded when the console opens and after each change. */
export interface KeysPanel {
  load(): Promise<void>;
  reset(): void;
}

/** "Signing keys": the served keys, rotate (confirmed), revoke one (confirmed). */
export function keysPanel(api: AdminApi, run: RunAction): KeysPanel {
  const rotate = byTestId<HTMLButtonElement>('rotate-key');
  const body = byTestId<HTMLTableSectionElement>('keys-body');
  const info = byTestId('keys-info');

  const describe = ({ kid, previous }: KeyChange) => {
    const retired = previous.length === 0 ? 'none' : previous.join(', ');
    info.textContent = `Active key: ${kid}. Previous keys, still verifying their tokens: ${retired}.`;
  };
  async function load() {
    renderKeys(body, await api.listKeys(), (key, button) => {
      void run(button, async () => {
        const question = key.active
          ? `Revoke the active signing key ${key.kid}? A new key signs from now on, and every token ${key.kid} signed is refused at once: its users must refresh.`
          : `Revoke the retired signing key ${key.kid}? Every token it signed is refused at once.`;
        if (!(await confirmAction(question, 'Revoke key'))) return;
        const change = await api.revokeKey(key.kid);
        resultView.success(`Revoked key ${key.kid}`);
        describe(change);
        await load();
      });
    });
  }

  rotate.addEventListener('click', () => {
    void run(rotate, async () => {
      const question =
        'Rotate the signing key? New access tokens are signed with a new key; those signed with the current one keep verifying until they expire.';
      if (!(await confirmAction(question, 'Rotate'))) return;
      const change = await api.rotateKey();
      resultView.success(`Rotated: new key ${change.kid}`);
      describe(change);
      await load();
    });
  });
  return {
    load: () => run(rotate, load),
    reset: () => {
      body.replaceChildren();
      info.textContent = '';
    },
  };
}
