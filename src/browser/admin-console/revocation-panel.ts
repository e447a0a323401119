import type { AdminApi } from './admin-api.js';
import { byTestId } from './by-test-id.js';
import { confirmAction } from './confirm-action.js';
import { parseRevocation } from './parse-revocation.js';
import { resultView } from './result-view.js';
import type { RunAction } from './run-action.js';

/** "Revoke an access token": by a pasted token or a jti plus exp, confirmed, then sent. */
export function revocationPanel(api: AdminApi, run: RunAction): void {
  const jtiInput = byTestId<HTMLInputElement>('jti-input');
  const expInput = byTestId<HTMLInputElement>('jti-exp-input');
  const submit = byTestId<HTMLButtonElement>('jti-submit');

  byTestId<HTMLFormElement>('jti-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(submit, async () => {
      const { jti, exp } = parseRevocation(jtiInput.value, expInput.value);
      const until = new Date(exp * 1000).toLocaleString();
      const question = `Revoke access token ${jti}? It is refused on session routes until it expires (${until}).`;
      if (!(await confirmAction(question, 'Revoke'))) return;
      await api.revokeToken(jti, exp);
      jtiInput.value = expInput.value = '';
      resultView.success(`Revoked access token ${jti}`);
    });
  });
}
