import type { OutcomeLedger } from './outcome-ledger.js';
import type { RevocationRegistry } from './revocation-registry.js';
import { soakCalls } from './soak-calls.js';
import { SOAK } from './soak-config.js';
import type { Call, SoakHttp } from './soak-http.js';
import type { SoakSession } from './soak-session.js';
import type { VirtualUser } from './virtual-user.js';

/** What the admin loop needs from the run. */
export interface AdminDeps {
  http: SoakHttp;
  adminKey: string;
  ledger: OutcomeLedger;
  registry: RevocationRegistry;
  users: readonly VirtualUser[];
  random: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Action = (target: SoakSession) => Promise<void>;

/** The operator's round, over and over: every action comes back every few seconds. */
const ROUND = ['list', 'get', 'session', 'get', 'token', 'list', 'session', 'user'] as const;

/**
 * An operator at work: every SOAK.adminEveryMs, on a random virtual user's current session, the
 * next action of ROUND: list the user's sessions, read the session, or revoke the session, its
 * access token or the whole user. Each revocation is in the registry before it is sent, so the
 * 401s it causes are expected, and a revocation that does not take effect is caught.
 */
export async function runAdminLoop(deps: AdminDeps, stopped: () => boolean): Promise<void> {
  const { http, adminKey: key, ledger, registry } = deps;

  const revoke = async (
    kind: 'admin-session' | 'admin-token' | 'admin-user',
    id: string,
    call: Call,
    ok: number,
  ) => {
    const settle = registry.begin(kind, id);
    const reply = await http.send(call);
    const entry = ledger.judge({ op: `${kind}-revoke`, ok: [ok], storeBacked: true, reply });
    settle(entry.verdict === 'ok');
  };

  const actions: Record<(typeof ROUND)[number], Action> = {
    list: async (s) => {
      const reply = await http.send(soakCalls.adminList(key, s.sub));
      ledger.judge({ op: 'admin-list', ok: [200], storeBacked: true, reply });
    },
    get: async (s) => {
      const reply = await http.send(soakCalls.adminGet(key, s.sid));
      // 404 is right for a session the test ended meanwhile.
      const also = { 404: registry.ended(s) ? 'session ended by the test' : undefined };
      ledger.judge({ op: 'admin-get', ok: [200], storeBacked: true, also, reply });
    },
    session: (s) => revoke('admin-session', s.sid, soakCalls.adminRevokeSession(key, s.sid), 204),
    token: (s) => revoke('admin-token', s.jti, soakCalls.adminRevokeToken(key, s), 204),
    user: (s) => revoke('admin-user', s.sub, soakCalls.adminRevokeUser(key, s.sub), 200),
  };

  for (let turn = 0; !stopped();) {
    await sleep(SOAK.adminEveryMs);
    const holders = deps.users.filter((u) => u.current);
    const target = holders[Math.floor(deps.random() * holders.length)]?.current;
    if (!target || stopped()) continue;
    await actions[ROUND[turn++ % ROUND.length]!]({ ...target });
  }
}
