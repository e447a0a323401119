import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { virtualTime } from './contract-fixtures.js';
import { storeContract } from './store.contract.js';

let latest: Store | undefined;

storeContract('memory', {
  createStore: async () => (latest = createMemoryStore()),
  // One process, one store: a peer is the same store, whose closing is left to its owner.
  createPeer: async () => ({ ...latest!, close: async () => {} }),
  createTime: () => virtualTime(),
});
