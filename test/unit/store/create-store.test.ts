import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import { silentLogger } from '../../../src/observability/logger.js';

describe('createStore', () => {
  it('builds the memory store for store.kind memory', async () => {
    const store = createStore({ kind: 'memory', keyPrefix: 'gh:' }, silentLogger);
    await expect(store.ping()).resolves.toBeUndefined();
    expect(await store.sessions.listUserSessions('nobody', Date.now())).toEqual([]);
    await store.close();
  });
});
