import { describe, expect, it } from 'vitest';
import { adminGateway, OPS_KEY } from './admin-fixtures.js';

const auth = { authorization: `Bearer ${OPS_KEY.key}` };

describe('admin.port: the admin API on its own listener', () => {
  it('serves /admin only on the admin app, which also has the ops endpoints and nothing else', async () => {
    const { gw } = await adminGateway('', { admin: 'port: 9091' });
    expect(gw.adminApp).toBeDefined();
    const admin = gw.adminApp!;
    expect((await admin.request('/admin/users/u/sessions', { headers: auth })).status).toBe(200);
    expect((await admin.request('/healthz')).status).toBe(200);
    expect((await admin.request('/.well-known/jwks.json')).status).toBe(200);
    expect((await admin.request('/auth/login', { method: 'POST' })).status).toBe(404);
    expect((await admin.request('/api/x')).status).toBe(404);
    // The main port leaves /admin to the routes: none matches here.
    const main = await gw.app.request('/admin/users/u/sessions', { headers: auth });
    expect(main.status).toBe(404);
    expect(((await main.json()) as { detail: string }).detail).toBe(
      'no route matches this request',
    );
  });

  it('serves /admin on the main app when admin.port is not set', async () => {
    const { gw } = await adminGateway();
    expect(gw.adminApp).toBeUndefined();
    expect((await gw.app.request('/admin/users/u/sessions', { headers: auth })).status).toBe(200);
  });
});
