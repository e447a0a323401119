import type { AdminApi, AdminSession } from './admin-api.js';
import { AdminApiError } from './admin-api-error.js';
import { byTestId } from './by-test-id.js';
import { confirmAction } from './confirm-action.js';
import { resultView } from './result-view.js';
import type { RunAction } from './run-action.js';
import { renderSessions } from './sessions-table.js';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * "Sessions of a user": search by sub, list the live sessions, revoke one or all of them (each
 * confirmed); the list is read again after every revocation. `reset` clears it (key forgotten).
 */
export function sessionsPanel(api: AdminApi, run: RunAction): { reset(): void } {
  const input = byTestId<HTMLInputElement>('user-search-input');
  const summary = byTestId('search-summary');
  const table = byTestId<HTMLTableElement>('sessions-table');
  const body = byTestId<HTMLTableSectionElement>('sessions-body');
  const revokeAll = byTestId<HTMLButtonElement>('revoke-all');
  let shownSub: string | null = null;

  const show = (sub: string | null, sessions: readonly AdminSession[]) => {
    shownSub = sub;
    renderSessions(body, sessions, revokeOne);
    table.hidden = sessions.length === 0;
    revokeAll.hidden = sub === null;
    revokeAll.textContent = `Revoke all sessions of ${sub ?? ''}`;
    summary.textContent =
      sub === null
        ? ''
        : sessions.length === 0
          ? `No live sessions for ${sub}`
          : `${plural(sessions.length, 'live session')} of ${sub}`;
  };
  const load = async (sub: string) => show(sub, await api.listSessions(sub));
  // After a revocation: a failed reload must not hide the revocation's own result.
  const reload = async (sub: string) => {
    try {
      await load(sub);
    } catch (error) {
      if (error instanceof AdminApiError && error.status !== 401 && error.status !== 403) {
        summary.textContent = `The list could not be reloaded: ${error.message}`;
      } else throw error;
    }
  };

  async function revoke(button: HTMLButtonElement, question: string, act: () => Promise<string>) {
    const sub = shownSub;
    if (sub === null) return;
    await run(button, async () => {
      if (!(await confirmAction(question, 'Revoke'))) return;
      resultView.success(await act());
      await reload(sub);
    });
  }
  function revokeOne(sid: string, button: HTMLButtonElement) {
    void revoke(
      button,
      `Revoke session ${sid} of ${shownSub}? Its refresh token stops working at once and its access tokens are refused on session routes.`,
      async () => {
        await api.revokeSession(sid);
        return `Revoked session ${sid}`;
      },
    );
  }

  byTestId<HTMLFormElement>('user-search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const sub = input.value.trim();
    if (sub === '') {
      resultView.failure(new Error('Enter the user’s sub to search for'));
      return;
    }
    void run(byTestId<HTMLButtonElement>('user-search-submit'), () => load(sub));
  });
  revokeAll.addEventListener('click', () => {
    const sub = shownSub ?? '';
    void revoke(
      revokeAll,
      `Revoke all sessions of ${sub}, and every access token issued to them before now?`,
      async () => `Revoked ${plural(await api.revokeUserSessions(sub), 'session')} of ${sub}`,
    );
  });
  return { reset: () => show(null, []) };
}
