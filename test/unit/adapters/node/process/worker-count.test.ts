import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { workerCount } from '../../../../../src/adapters/node/process/start-worker-pool.js';

// README "Workers", `server.workers`: a number, or `auto` = one worker per core this process may
// use.

describe('workerCount', () => {
  it('takes a number as it is', () => {
    expect(workerCount(1)).toBe(1);
    expect(workerCount(3)).toBe(3);
  });

  it('makes auto one per available core', () => {
    expect(workerCount('auto')).toBe(availableParallelism());
  });
});
