import type { StoredContext } from '../store/session-record.js';
import type { ContextKeyConfig } from './context-cipher.js';
import { createContextCodec } from './context-codec.js';
import { contextToJson } from './context-json.js';

/** The config encodeContextForStore reads; GatewayDeps satisfies it. */
export interface EncodeContextDeps {
  config: {
    sessions: {
      contextMaxBytes: number;
      contextEncryption: { keys: readonly ContextKeyConfig[] };
    };
  };
}

const REASONS = {
  'not-object': 'the initial session context must be a JSON object',
  'too-deep': 'the initial session context is nested too deeply',
  'too-large': 'the initial session context exceeds sessions.contextMaxBytes',
} as const;

/**
 * Encodes an initial session context (e.g. a login webhook's) for `store.createSession(record,
 * {version: 1, ...encoded})`, sealed for session `sid` when encryption is on. Throws a TypeError
 * with fixed wording (never the value) when it is not an object, too deep or too large.
 */
export async function encodeContextForStore(
  deps: EncodeContextDeps,
  sid: string,
  value: unknown,
): Promise<Omit<StoredContext, 'version'>> {
  const { sessions } = deps.config;
  const encoded = contextToJson(value, sessions.contextMaxBytes);
  if (!encoded.ok) throw new TypeError(REASONS[encoded.problem]);
  // Built per call: logins are rare next to context reads, and importing one key is cheap.
  return createContextCodec(sessions.contextEncryption.keys).seal(sid, encoded.json);
}
