import type { GatehouseClient } from '../client/index.js';
import { describeResponse } from './describe-response.js';
import { fillDefinitionList } from './definition-list.js';

interface SessionInfo {
  sid: string;
  sub: string;
  scope: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

const time = (value: string | number) => new Date(value).toLocaleString();

/** The access token's expiry, from the client's copy of its payload (display only). */
function tokenExpiry(client: GatehouseClient): string {
  const exp = client.session()?.exp;
  return exp === undefined ? 'none' : time(exp * 1000);
}

/**
 * Shows the caller's session (GET /auth/session: subject, session id, scope and its times) in
 * `list`, or why it could not be read.
 */
export async function showSessionInfo(client: GatehouseClient, list: HTMLElement): Promise<void> {
  try {
    const response = await client.fetch('/auth/session', {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(await describeResponse(response));
    const info = (await response.json()) as SessionInfo;
    fillDefinitionList(list, [
      ['Subject', info.sub],
      ['Session', info.sid],
      ['Scope', info.scope],
      ['Signed in', time(info.createdAt)],
      ['Last seen', time(info.lastSeenAt)],
      ['Idle expiry', time(info.idleExpiresAt)],
      ['Absolute expiry', time(info.absoluteExpiresAt)],
      ['Access token expires', tokenExpiry(client)],
    ]);
  } catch (error) {
    fillDefinitionList(list, [['Error', error instanceof Error ? error.message : String(error)]]);
  }
}
