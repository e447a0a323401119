import { createUndiciTransport } from '../../../src/adapters/node/http/undici-transport.js';
import { transportContract } from './transport.contract.js';

transportContract('node (undici, writes the Node response)', {
  createTransport: (logger) => createUndiciTransport({ logger, connections: 16 }),
});
