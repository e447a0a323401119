import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../../src/store/redis/scripts/', import.meta.url);
const scripts = readdirSync(DIR)
  .filter((name) => name.endsWith('.lua'))
  .map((name) => ({ name, text: readFileSync(new URL(name, DIR), 'utf8') }));

// STYLE 12: each script opens with its KEYS/ARGV/returns block; and it may only touch the keys it
// declares (KEYS[n]), all built with one hash tag, so it runs on one Cluster slot. PUBLISH names a
// channel, not a key (channels have no slot), so it takes it from ARGV.
describe('Lua scripts', () => {
  it('exist', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(7);
  });

  it.each(scripts.map((s) => [s.name, s.text]))(
    '%s opens with a KEYS / ARGV / returns comment',
    (_, text) => {
      const header = text
        .split('\n')
        .filter((line) => line.startsWith('--'))
        .join('\n');
      expect(text.startsWith('--')).toBe(true);
      expect(header).toMatch(/-- KEYS\[1\]/);
      expect(header).toMatch(/-- returns /);
    },
  );

  it.each(scripts.map((s) => [s.name, s.text]))(
    '%s touches only keys passed in KEYS',
    (_, text) => {
      const calls = [...text.matchAll(/redis\.call\(\s*'(\w+)'\s*,\s*([^,)]+)/g)];
      expect(calls.length).toBeGreaterThan(0);
      for (const [call, command, firstArgument] of calls)
        expect(firstArgument, call).toMatch(
          command === 'PUBLISH' ? /^ARGV\[\d\]$/ : /^KEYS\[\d\]$/,
        );
    },
  );

  it.each(scripts.map((s) => [s.name, s.text]))(
    '%s reads no clock of its own (STYLE 4)',
    (_, text) => {
      expect(text).not.toMatch(/'TIME'|os\.time|os\.clock/);
    },
  );
});
