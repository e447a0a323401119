import { base64urlEncode } from '../lib/base64url.js';
import { LruMap } from '../lib/lru-map.js';
import type { StoredContext } from '../store/session-record.js';
import type { ContextCodec, OpenedContext } from './context-codec.js';

/** A session context ready to forward: its version, JSON text and X-Auth-Context value. */
export interface ForwardedContext extends OpenedContext {
  /** base64url of the JSON's UTF-8 (RFC 4648 §5): any JSON as a valid header value (RFC 9110 §5.5). */
  header: string;
}

/** Opens and encodes stored contexts for `context` routes, once per change of each. */
export interface ContextForwarder {
  /** Rejects like ContextCodec.open (500 contextUnreadable) for a context it cannot open. */
  forward(sid: string, stored: StoredContext): Promise<ForwardedContext>;
}

interface Entry {
  stored: StoredContext;
  forwarded: ForwardedContext;
}

/** Sessions whose forwarded context is kept, and the memory they may hold together. */
const MAX_ENTRIES = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * A context route forwards the same context on every request of a multi-turn flow until the
 * flow writes it: keeping what the last request of each session made of it (keyed by sid, an
 * LRU) saves the decryption (a Web Crypto round trip) and the encoding of every request after the
 * first. An entry is used only while the store still holds exactly what it was made from:
 * version, encoding and data compared in full, so a write, a re-seal under another key or a
 * new session on a reused sid all open afresh.
 */
export function createContextForwarder(codec: ContextCodec): ContextForwarder {
  const entries = new LruMap<string, Entry>(MAX_ENTRIES, MAX_BYTES);
  return {
    async forward(sid, stored) {
      const entry = entries.get(sid);
      if (
        entry !== undefined &&
        entry.stored.version === stored.version &&
        entry.stored.encoding === stored.encoding &&
        entry.stored.data === stored.data
      ) {
        return entry.forwarded;
      }
      const opened = await codec.open(sid, stored);
      const forwarded = Object.freeze({ ...opened, header: base64urlEncode(opened.json) });
      // Two bytes a character (the worst case of V8's strings) plus the entry's own overhead.
      const bytes = 2 * (stored.data.length + opened.json.length + forwarded.header.length) + 128;
      entries.set(sid, { stored: { ...stored }, forwarded }, bytes);
      return forwarded;
    },
  };
}
