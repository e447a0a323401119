import { expect, it } from 'vitest';
import { type ContractContext, makeRecord } from './contract-fixtures.js';

const IDLE = 400;
const PAST_IDLE = 550;

/**
 * countSessions: an estimate, so the cases allow what the contract allows (a session counted
 * twice, never one missed that lived throughout), and expect exact answers where there is nothing
 * to double.
 */
export function countSessionsCases(t: ContractContext): void {
  const count = () => t.store().sessions.countSessions(t.time().now());

  it('countSessions: 0 for a store without sessions', async () => {
    expect(await count()).toBe(0);
  });

  it('countSessions: counts every live session, and forgets an ended one', async () => {
    const now = t.time().now();
    const records = await Promise.all([1, 2, 3].map(() => makeRecord(now)));
    for (const record of records) await t.store().sessions.createSession(record);
    const three = await count();
    expect(three).toBeGreaterThanOrEqual(3);
    expect(three).toBeLessThanOrEqual(6);
    await t
      .store()
      .sessions.revokeSession(records[0]!.sid, t.time().now(), t.time().now() + 60_000);
    const two = await count();
    expect(two).toBeGreaterThanOrEqual(2);
    expect(two).toBeLessThanOrEqual(4);
  });

  it('countSessions: leaves out sessions past their expiry', async () => {
    const record = await makeRecord(t.time().now(), { idleMs: IDLE });
    await t.store().sessions.createSession(record);
    expect(await count()).toBeGreaterThanOrEqual(1);
    await t.time().pass(PAST_IDLE);
    expect(await count()).toBe(0);
  });
}
