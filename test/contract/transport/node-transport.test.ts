import { createUndiciTransport } from '../../../src/adapters/node/http/undici-transport.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { transportContract } from './transport.contract.js';

transportContract('node (undici, writes the Node response)', {
  createTransport: () => createUndiciTransport({ logger: silentLogger, connections: 16 }),
});
