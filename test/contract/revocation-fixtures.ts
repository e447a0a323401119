import type { KeySetListener } from '../../src/store/key-set-store.js';
import type { Revocation, RevocationListener } from '../../src/store/revocation-log.js';

/** A listener (of revocations or of key-set changes) that records every call, in order. */
export interface RecordingListener extends RevocationListener, KeySetListener {
  events: string[];
  revocations: Revocation[];
}

/** Records calls as `connected`, `disconnected`, `keys-changed` and `revocation:<id>`. */
export function recordingListener(): RecordingListener {
  const events: string[] = [];
  const revocations: Revocation[] = [];
  return {
    events,
    revocations,
    revocation(revocation) {
      revocations.push(revocation);
      events.push(`revocation:${idOf(revocation)}`);
    },
    connected: () => events.push('connected'),
    disconnected: () => events.push('disconnected'),
    keysChanged: () => events.push('keys-changed'),
  };
}

/** The id a revocation is about: its sid, jti or sub. */
export function idOf(revocation: Revocation): string {
  if (revocation.kind === 'session') return revocation.sid;
  if (revocation.kind === 'token') return revocation.jti;
  return revocation.sub;
}

/** Resolves once `check` holds (polling every 10 ms); rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets in-flight messages arrive, for cases that check that nothing does. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** Revocations sorted by kind and id, to compare lists whatever their order. */
export const sorted = (list: Revocation[]) =>
  [...list].sort((a, b) => `${a.kind}:${idOf(a)}`.localeCompare(`${b.kind}:${idOf(b)}`));
