import type { Logger } from '../../../../src/observability/logger.js';
import type {
  AuthenticatedIdentity,
  IdentitySource,
} from '../../../../src/identity/identity-source.js';
import { verifierOf, type TestGateway } from '../../../helpers/test-gateway.js';

/** An identity source with one user, `alice` / `pw-alice`; counts its calls. */
export function oneUserSource(
  identity: AuthenticatedIdentity = {
    sub: 'user-alice',
    scope: ['read:api', 'profile'],
    claims: { tenant: 'acme' },
  },
) {
  const calls: string[] = [];
  const source: IdentitySource = {
    async authenticate(username, password) {
      calls.push(username);
      return username === 'alice' && password === 'pw-alice' ? structuredClone(identity) : null;
    },
  };
  return { source, calls };
}

/** POSTs a JSON body (or raw text) to the login endpoint. */
export async function postLogin(
  gateway: TestGateway,
  body: unknown,
  init: RequestInit & { path?: string } = {},
) {
  const { path = '/auth/login', ...rest } = init;
  return gateway.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...rest,
  });
}

/** A verifier with the gateway's own keys and settings (the shared test helper). */
export { verifierOf };

export interface LogLine {
  level: string;
  message: string | undefined;
  fields: object;
}

/** A logger that keeps every line, children included. */
export function capturingLogger(
  lines: LogLine[] = [],
  bindings: object = {},
): Logger & { lines: LogLine[] } {
  const at = (level: string) => (fields: object, message?: string) => {
    lines.push({ level, message, fields: { ...bindings, ...fields } });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => capturingLogger(lines, { ...bindings, ...more }),
  };
}
