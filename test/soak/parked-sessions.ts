import { soakCalls } from './soak-calls.js';
import type { Call, SoakHttp } from './soak-http.js';
import { readSession, type SoakSession } from './soak-session.js';
import type { SoakUser } from './soak-stack.js';

/** Sessions set aside before the kill, to be checked after the restart. */
export interface ParkedSessions {
  live: readonly SoakSession[];
  revoked: readonly SoakSession[];
  /** What is wrong with them after the restart: [] when every one is as it was left. */
  check(): Promise<string[]>;
}

/**
 * Logs `count` sessions in, writes a context into each and refreshes it once (so the record,
 * its context and a rotated refresh token are all acknowledged), then revokes `revoked` of them
 * through the admin API. Untouched during the outage; check() then expects the live ones to
 * refresh and read their context back, and the revoked ones to stay refused.
 */
export async function parkSessions(
  http: SoakHttp,
  user: SoakUser,
  adminKey: string,
  count: number,
  revoked: number,
): Promise<ParkedSessions> {
  const must = async (call: Call, status: number) => {
    const reply = await http.send(call);
    if (reply.status !== status)
      throw new Error(
        `parking: ${call.method} ${call.path} answered ${reply.status}: ${reply.body}`,
      );
    return reply;
  };
  const sessions: SoakSession[] = [];
  for (let i = 0; i < count; i += 1) {
    let s = readSession(await must(soakCalls.login(user.username, user.password), 200));
    await must(soakCalls.contextPut(s, { parked: i }), 200);
    s = readSession(await must(soakCalls.refresh(s), 200), s);
    sessions.push(s);
  }
  for (const s of sessions.slice(0, revoked)) {
    await must(soakCalls.adminRevokeSession(adminKey, s.sid), 204);
  }
  const live = sessions.slice(revoked);
  const gone = sessions.slice(0, revoked);

  const check = async () => {
    const problems: string[] = [];
    const expect = async (what: string, call: Call, status: number, body?: string) => {
      const reply = await http.send(call);
      if (reply.status !== status || (body !== undefined && reply.body !== body))
        problems.push(`${what}: ${reply.status} ${reply.body.slice(0, 120)}`);
      return reply;
    };
    for (const [i, s] of live.entries()) {
      const reply = await expect(`live #${i} refresh`, soakCalls.refresh(s), 200);
      if (reply.status !== 200) continue;
      const next = readSession(reply, s);
      const context = JSON.stringify({ parked: i + revoked });
      await expect(`live #${i} context`, soakCalls.contextGet(next), 200, context);
      await expect(`live #${i} admin get`, soakCalls.adminGet(adminKey, s.sid), 200);
    }
    for (const [i, s] of gone.entries()) {
      await expect(`revoked #${i} refresh`, soakCalls.refresh(s), 401);
      await expect(`revoked #${i} session route`, soakCalls.route('/ses', s), 401);
      await expect(`revoked #${i} admin get`, soakCalls.adminGet(adminKey, s.sid), 404);
    }
    return problems;
  };
  return { live, revoked: gone, check };
}
