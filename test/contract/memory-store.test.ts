import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import { virtualTime } from './contract-fixtures.js';
import { sessionStoreContract } from './session-store.contract.js';

sessionStoreContract('memory', {
  createStore: async () => createMemoryStore(),
  createTime: () => virtualTime(),
});
