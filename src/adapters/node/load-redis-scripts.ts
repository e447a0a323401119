import { readFileSync } from 'node:fs';
import {
  STORE_SCRIPTS,
  type StoreCommands,
  type StoreScriptSources,
} from '../../store/redis/define-store-commands.js';

// The scripts ship beside the Redis backend (src/store/redis/scripts, copied to dist by the build).
const SCRIPTS_DIR = new URL('../../store/redis/scripts/', import.meta.url);

let loaded: StoreScriptSources | undefined;

/** The Redis store's Lua sources, read from disk once per process. */
export function loadRedisScripts(): StoreScriptSources {
  if (loaded) return loaded;
  const sources = {} as StoreScriptSources;
  for (const [name, { file }] of Object.entries(STORE_SCRIPTS)) {
    sources[name as keyof StoreCommands] = readFileSync(new URL(file, SCRIPTS_DIR), 'utf8');
  }
  return (loaded = sources);
}
