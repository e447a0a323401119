import type { AdminSigningKey } from './admin-api.js';
import { cell, code } from './table-cell.js';
import { timeElement } from './time-element.js';

const when = (iso: string | null, now: number) => (iso === null ? '–' : timeElement(iso, now));

/**
 * Fills the signing keys table body: one `key-row` per key (`data-kid`), active first, with its
 * dates and a `revoke-key` button that calls `onRevoke(kid)`. DOM nodes only, never HTML strings.
 */
export function renderKeys(
  body: HTMLTableSectionElement,
  keys: readonly AdminSigningKey[],
  onRevoke: (key: AdminSigningKey, button: HTMLButtonElement) => void,
): void {
  const now = Date.now();
  body.replaceChildren(
    ...keys.map((key) => {
      const row = document.createElement('tr');
      row.dataset.testid = 'key-row';
      row.dataset.kid = key.kid;
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.className = 'danger';
      revoke.dataset.testid = 'revoke-key';
      revoke.textContent = 'Revoke';
      revoke.addEventListener('click', () => onRevoke(key, revoke));
      row.append(
        cell(code(key.kid)),
        cell(key.alg),
        cell(key.active ? 'active: signs' : 'retired: verifies'),
        cell(when(key.createdAt, now)),
        cell(when(key.retiredAt, now)),
        cell(revoke),
      );
      return row;
    }),
  );
}
