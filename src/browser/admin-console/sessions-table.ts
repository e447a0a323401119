import type { AdminSession } from './admin-api.js';
import { cell, code } from './table-cell.js';
import { timeElement } from './time-element.js';

/**
 * Fills the sessions table body: one `session-row` per session (`data-sid`), with its times and a
 * `revoke-session` button that calls `onRevoke(sid)`. Built with DOM nodes, never HTML strings.
 */
export function renderSessions(
  body: HTMLTableSectionElement,
  sessions: readonly AdminSession[],
  onRevoke: (sid: string, button: HTMLButtonElement) => void,
): void {
  const now = Date.now();
  body.replaceChildren(
    ...sessions.map((session) => {
      const row = document.createElement('tr');
      row.dataset.testid = 'session-row';
      row.dataset.sid = session.sid;
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.className = 'danger';
      revoke.dataset.testid = 'revoke-session';
      revoke.textContent = 'Revoke';
      revoke.addEventListener('click', () => onRevoke(session.sid, revoke));
      row.append(
        cell(code(session.sid)),
        cell(session.scope || '–'),
        cell(timeElement(session.createdAt, now)),
        cell(timeElement(session.lastSeenAt, now)),
        cell(timeElement(session.idleExpiresAt, now)),
        cell(timeElement(session.absoluteExpiresAt, now)),
        cell(revoke),
      );
      return row;
    }),
  );
}
