import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { virtualTime } from './contract-fixtures.js';
import { sessionStoreContract } from './session-store.contract.js';

let latest: SessionStore | undefined;

sessionStoreContract('memory', {
  createStore: async () => (latest = createMemoryStore()),
  // One process, one store: a peer is the same store, whose closing is left to its owner.
  createPeer: async () => ({ ...latest!, close: async () => {} }),
  createTime: () => virtualTime(),
});
