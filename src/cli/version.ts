import { readFileSync } from 'node:fs';

/** The version in package.json (two levels above both src/cli and dist/cli). */
export function gatehouseVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
