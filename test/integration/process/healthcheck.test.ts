import { describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.js';
import { runCli, spawnGateway, writeTempConfig } from '../../helpers/spawn-gateway.js';

// Issue #12 item 15: the Docker HEALTHCHECK (`gatehouse healthcheck`) probes the port the config
// listens on, not only GATEHOUSE_PORT/8080.
describe('gatehouse healthcheck', () => {
  it('is healthy on the configured port, and unhealthy once the gateway is gone', async () => {
    const port = await freePort();
    const file = writeTempConfig(`server: { host: 127.0.0.1, port: ${port} }\n`);
    const gateway = await spawnGateway(file);
    try {
      const healthy = await runCli(['healthcheck', file]);
      expect(healthy.code, healthy.stderr).toBe(0);
    } finally {
      await gateway.stop();
    }
    const gone = await runCli(['healthcheck', file]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`http://127.0.0.1:${port}/healthz did not answer`);
  }, 30_000);
});
