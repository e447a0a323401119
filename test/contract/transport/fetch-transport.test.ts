import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { transportContract } from './transport.contract.js';

transportContract('web fetch (the runtime sends the Response)', {
  createTransport: (logger) => createFetchTransport(globalThis.fetch, { logger }),
});
