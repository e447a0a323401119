import type { Cluster, Redis } from 'ioredis';

/** One Lua script as a command: KEYS first, then ARGV; the reply as Redis sends it. */
export type StoreCommand = (keys: string[], args: Array<string | number>) => Promise<unknown>;

/** The scripts in ./scripts, by file name; each touches the keys of one hash tag only. */
export interface StoreCommands {
  createSession: StoreCommand;
  rotateRefresh: StoreCommand;
  revokeSession: StoreCommand;
  getContext: StoreCommand;
  compareAndSetContext: StoreCommand;
  replaceSession: StoreCommand;
  indexUserSession: StoreCommand;
  hitRateLimit: StoreCommand;
  peekRateLimit: StoreCommand;
  publishRevocation: StoreCommand;
  isRevoked: StoreCommand;
  listRevocations: StoreCommand;
  compareAndSetKeySet: StoreCommand;
}

/** Each script's file in ./scripts and how many keys it takes. */
export const STORE_SCRIPTS: Record<keyof StoreCommands, { file: string; keys: number }> = {
  createSession: { file: 'create-session.lua', keys: 2 },
  rotateRefresh: { file: 'rotate-refresh.lua', keys: 2 },
  revokeSession: { file: 'revoke-session.lua', keys: 2 },
  getContext: { file: 'get-context.lua', keys: 2 },
  compareAndSetContext: { file: 'compare-and-set-context.lua', keys: 2 },
  replaceSession: { file: 'replace-session.lua', keys: 1 },
  indexUserSession: { file: 'index-user-session.lua', keys: 1 },
  hitRateLimit: { file: 'hit-rate-limit.lua', keys: 1 },
  peekRateLimit: { file: 'peek-rate-limit.lua', keys: 1 },
  publishRevocation: { file: 'publish-revocation.lua', keys: 3 },
  isRevoked: { file: 'is-revoked.lua', keys: 4 },
  listRevocations: { file: 'list-revocations.lua', keys: 4 },
  compareAndSetKeySet: { file: 'compare-and-set-key-set.lua', keys: 1 },
};

/**
 * The Lua source of every script, by command name. Read from ./scripts by the runtime (Node:
 * adapters/node/load-redis-scripts.ts), so this backend itself touches no file system.
 */
export type StoreScriptSources = Record<keyof StoreCommands, string>;

type Invoker = (...keysAndArgs: Array<string | number>) => Promise<unknown>;

/**
 * Registers the store's Lua scripts on a client, once (`defineCommand`: EVALSHA, falling back to
 * EVAL after a Redis restart flushed the script cache), and returns them typed.
 */
export function defineStoreCommands(
  redis: Redis | Cluster,
  sources: StoreScriptSources,
): StoreCommands {
  const commands = {} as StoreCommands;
  for (const [name, { file, keys }] of Object.entries(STORE_SCRIPTS)) {
    const command = `gatehouse_${name}`;
    const lua = sources[name as keyof StoreCommands];
    redis.defineCommand(command, { numberOfKeys: keys, lua });
    const invoke = (redis as unknown as Record<string, Invoker>)[command]!.bind(redis);
    commands[name as keyof StoreCommands] = (keyList, args) => {
      if (keyList.length !== keys) throw new TypeError(`${file} takes ${keys} key(s)`);
      return invoke(...keyList, ...args);
    };
  }
  return commands;
}
