import { afterAll } from 'vitest';
import { uniqueKeyPrefix } from '../helpers/redis-env.js';
import { describeEachRedis } from '../helpers/redis-targets.js';
import { realTime } from './contract-fixtures.js';
import { storeContract } from './store.contract.js';

describeEachRedis('redis store', (target) => {
  const filePrefix = uniqueKeyPrefix();
  let stores = 0;
  // Each store gets a prefix of its own (so no revocation leaks from one case into the next); a
  // peer shares the latest one, as two gateways on one Redis do.
  let keyPrefix = filePrefix;

  storeContract(target.label, {
    createStore: () => target.openStore((keyPrefix = `${filePrefix}${(stores += 1)}:`)),
    createPeer: () => target.openStore(keyPrefix),
    // The subscriber connections are named after the key prefix, so only this case's are cut.
    dropSubscriptions: async () => {
      await target.killClientsNamed(`${keyPrefix}revocations`);
    },
    createTime: realTime,
  });

  afterAll(async () => {
    await target.deleteKeys(filePrefix);
  });
});
