import type { FaultTimeline } from './fault-timeline.js';
import type { Judgement, OutcomeLedger, Entry } from './outcome-ledger.js';
import type { CredentialUse, RevocationRegistry } from './revocation-registry.js';
import { soakCalls } from './soak-calls.js';
import { SOAK } from './soak-config.js';
import type { Call, Reply, SoakHttp } from './soak-http.js';
import { readSteps, type ReadStep } from './read-steps.js';
import { readSession, type SoakSession } from './soak-session.js';
import type { SoakUser } from './soak-stack.js';

/** What a virtual user needs from the run. */
export interface VuDeps {
  http: SoakHttp;
  ledger: OutcomeLedger;
  registry: RevocationRegistry;
  timeline: FaultTimeline;
  random: () => number;
}

/** What became of the session a virtual user held when Redis was killed. */
export interface KillSnapshot {
  sid: string;
  /** pending until the first refresh of it answered after the restart. */
  verdict: 'pending' | 'refreshed' | 'revoked' | 'logged-out' | 'lost';
}

type Flow = 'next' | 'pause' | 'refresh' | 'drop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One SPA user on its own keep-alive connection: logs in, then loops over the token, public,
 * session and context routes, the session API, a context write with If-Match and a rotating
 * refresh, logging out now and then. Each answer goes through the ledger; what follows depends
 * on its verdict (a 503 pauses and retries, an expected 401 refreshes or logs in again).
 */
export class VirtualUser {
  private session: SoakSession | undefined;
  private writes = 0;
  private readonly reads: ReadStep[];
  snapshot: KillSnapshot | undefined;

  constructor(
    readonly index: number,
    private readonly user: SoakUser,
    private readonly deps: VuDeps,
  ) {
    this.reads = readSteps(index);
  }

  /** The session it holds now (the admin loop picks its targets here). */
  get current(): SoakSession | undefined {
    return this.session;
  }

  /** Notes the session held as Redis is killed: its login and latest refresh were acknowledged. */
  noteKill(): void {
    if (this.session) this.snapshot = { sid: this.session.sid, verdict: 'pending' };
  }

  /** Runs until `stopped()`, finishing the call in flight. */
  async run(stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      const flow = await this.iterate(stopped);
      await sleep(flow === 'pause' ? SOAK.retryMs : SOAK.thinkMs);
    }
  }

  private async iterate(stopped: () => boolean): Promise<Flow> {
    if (!this.session && (await this.login()) !== 'next') return 'pause';
    const steps = [
      ...this.reads.map((step) => () => this.read(step)),
      () => this.contextGet(),
      () => this.contextPut(),
      () => this.refresh(),
      () => (this.deps.random() * SOAK.logoutEvery < 1 ? this.logout() : 'next'),
    ];
    for (const step of steps) {
      if (stopped()) return 'next';
      const flow = await step();
      const after = flow === 'refresh' ? await this.refresh() : flow;
      if (after === 'drop') this.session = undefined;
      if (flow === 'refresh' && after === 'next') return 'next';
      if (after !== 'next') return 'pause';
      await sleep(SOAK.thinkMs);
    }
    return 'next';
  }

  /** Sends `call` and judges the answer with this session's credential for `use`. */
  private async send(
    call: Call,
    j: Omit<Judgement, 'reply'>,
    use?: CredentialUse,
  ): Promise<{ reply: Reply; entry: Entry }> {
    const reply = await this.deps.http.send(call);
    const s = this.session;
    const known =
      s && use
        ? {
            refusal: this.deps.registry.refusal(s, use),
            refusedSince: this.deps.registry.refusedSince(s, use),
          }
        : {};
    return { reply, entry: this.deps.ledger.judge({ ...j, ...known, reply }) };
  }

  /** The next step after an access-token call: an expected 401 refreshes, a 503 pauses. */
  private flowOf(entry: Entry): Flow {
    if (entry.verdict === 'ok') return 'next';
    if (entry.verdict === 'unexpected') return 'drop';
    return entry.status === 401 ? 'refresh' : 'pause';
  }

  private async login(): Promise<Flow> {
    const { username, password } = this.user;
    const { reply, entry } = await this.send(soakCalls.login(username, password), {
      op: 'login',
      ok: [200],
      storeBacked: true,
    });
    if (entry.verdict === 'ok') this.session = readSession(reply);
    return entry.verdict === 'ok' ? 'next' : 'pause';
  }

  private async read(step: ReadStep): Promise<Flow> {
    const s = this.session!;
    const check = step.check && ((r: Reply) => step.check!(s, r));
    const judged = { op: step.op, ok: [200], storeBacked: step.storeBacked, check };
    const { entry } = await this.send(step.call(s), judged, step.use);
    return this.flowOf(entry);
  }

  private async contextGet(): Promise<Flow> {
    const s = this.session!;
    const { reply, entry } = await this.send(
      soakCalls.contextGet(s),
      {
        op: 'context-get',
        ok: [200],
        storeBacked: true,
        check: (r) =>
          ((JSON.parse(r.body) as { vu?: number }).vu ?? this.index) === this.index
            ? undefined
            : 'context: not ours',
      },
      'access',
    );
    if (entry.verdict === 'ok') this.adoptEtag(s, reply);
    return this.flowOf(entry);
  }

  private async contextPut(): Promise<Flow> {
    const s = this.session!;
    const { reply, entry } = await this.send(
      soakCalls.contextPut(s, { vu: this.index, write: ++this.writes }),
      {
        op: 'context-put',
        ok: [200],
        storeBacked: true,
        // A write whose answer was lost may have landed: the next If-Match is then one behind.
        also: {
          412: s.ambiguousWrite ? 'If-Match behind a write whose answer was lost' : undefined,
        },
      },
      'access',
    );
    if (entry.verdict === 'ok' || reply.status === 412) this.adoptEtag(s, reply);
    if (reply.status === 503 || reply.status === 'network-error') s.ambiguousWrite = true;
    return reply.status === 412 && entry.verdict === 'expected' ? 'next' : this.flowOf(entry);
  }

  private adoptEtag(s: SoakSession, reply: Reply): void {
    s.etag = Number(/^"(\d+)"$/.exec(reply.headers.etag ?? '')?.[1] ?? Number.NaN);
    s.ambiguousWrite = false;
  }

  /** Rotates the refresh token; keeps the old one after a 503 (a replay in grace gets the pair). */
  private async refresh(): Promise<Flow> {
    const s = this.session!;
    const { reply, entry } = await this.send(
      soakCalls.refresh(s),
      { op: 'refresh', ok: [200], storeBacked: true },
      'refresh',
    );
    this.settleSnapshot(s, reply, entry);
    if (entry.verdict === 'ok') this.session = readSession(reply, s);
    if (entry.verdict === 'ok') return 'next';
    // A 503 keeps the session (a later replay in grace gets the pair); anything else ends it.
    return entry.verdict === 'expected' && reply.status === 503 ? 'pause' : 'drop';
  }

  private settleSnapshot(s: SoakSession, reply: Reply, entry: Entry): void {
    const snap = this.snapshot;
    const { restartedAt } = this.deps.timeline;
    if (snap?.verdict !== 'pending' || snap.sid !== s.sid) return;
    if (restartedAt === undefined || reply.endedAt < restartedAt || reply.status === 503) return;
    snap.verdict =
      entry.verdict === 'ok' ? 'refreshed' : entry.verdict === 'expected' ? 'revoked' : 'lost';
  }

  private async logout(): Promise<Flow> {
    const s = this.session!;
    const settle = this.deps.registry.begin('logout', s.sid);
    const { entry } = await this.send(soakCalls.logout(s), {
      op: 'logout',
      ok: [204],
      storeBacked: true,
    });
    settle(entry.verdict === 'ok');
    if (this.snapshot?.verdict === 'pending' && this.snapshot.sid === s.sid)
      this.snapshot.verdict = 'logged-out';
    // Logged out, or maybe not (503): either way this session is not used again.
    this.session = undefined;
    return 'next';
  }
}
