import type { CredentialUse } from './revocation-registry.js';
import { soakCalls } from './soak-calls.js';
import type { Call, Reply } from './soak-http.js';
import type { SoakSession } from './soak-session.js';
import type { UpstreamView } from './soak-upstream.js';

/** A call of the mix that reads only, and what its success must show. */
export interface ReadStep {
  op: string;
  call(s: SoakSession): Call;
  /** Whether it needs the store (a 503 may then be the outage's). */
  storeBacked: boolean;
  /** The revocation checks its credential goes through; none on `public` and `token` routes. */
  use: CredentialUse | undefined;
  /** What is wrong with a success, if anything. */
  check?(s: SoakSession, reply: Reply): string | undefined;
}

const view = (reply: Reply) => JSON.parse(reply.body) as UpstreamView;

/** The context the upstream or the API shows belongs to virtual user `index` (or is unwritten). */
const ownContext = (context: unknown, index: number, what: string) => {
  const vu = (context as { vu?: number } | null)?.vu;
  return context !== null && (vu === undefined || vu === index) ? undefined : `${what}: not ours`;
};

/**
 * The read-only steps of virtual user `index`'s loop: the routes of each policy and the session
 * API. The upstream answers with the identity headers it received, so every success also proves
 * the gateway forwarded this session's identity (and context), not another's.
 */
export function readSteps(index: number): ReadStep[] {
  const sameSession = (s: SoakSession, r: Reply) =>
    view(r).sid === s.sid ? undefined : 'upstream saw another session';
  return [
    {
      op: 'token-route',
      call: (s) => soakCalls.route('/tok', s),
      storeBacked: false,
      use: undefined,
      check: (s, r) => (view(r).sub === s.sub ? undefined : 'upstream saw another subject'),
    },
    { op: 'public-route', call: () => soakCalls.route('/pub'), storeBacked: false, use: undefined },
    {
      op: 'session-route',
      call: (s) => soakCalls.route('/ses', s),
      storeBacked: true,
      use: 'access',
      check: sameSession,
    },
    {
      op: 'session-info',
      call: (s) => soakCalls.sessionInfo(s),
      storeBacked: true,
      use: 'access',
      check: (s, r) => ((JSON.parse(r.body) as { sid?: string }).sid === s.sid ? undefined : 'sid'),
    },
    {
      op: 'context-route',
      call: (s) => soakCalls.route('/ctx', s),
      storeBacked: true,
      use: 'access',
      check: (s, r) => sameSession(s, r) ?? ownContext(view(r).context, index, 'X-Auth-Context'),
    },
  ];
}
