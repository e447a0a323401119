import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, startProcess, writeTempConfig } from '../../helpers/spawn-gateway.js';

// Issue #12 item 14: check-config refuses exactly what start-up refuses, in one pass, with the
// same `path: message` lines (through the real CLI and the real process).

const problemLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim());

const BROKEN = `
server: { port: 0, workers: 2, timeouts: { headers: soon } }
sessions: { idleTtl: 2d, absoluteTtl: 1d }
identity: { sources: [{ kind: users-file, path: /nonexistent/gatehouse-users.yaml }] }
cors: { allowedOrigins: ["localhost:3000", "https://app.example.com/path", "https://ok.example.com"] }
routes:
  - { name: a, match: { path: /a/* }, upstream: "http://127.0.0.1:1", policy: token, colour: blue }
  - { name: a, match: { path: /b }, upstream: "http://user:pw@127.0.0.1:1", policy: public }
  - { name: c, match: { path: "/c/../d" }, policy: token }
`;

describe('check-config (issue #12 item 14)', () => {
  it('reports field, cross-field, route and users-file problems together, as start-up does', async () => {
    const file = writeTempConfig(BROKEN);
    const checked = await runCli(['check-config', file]);
    expect(checked.code).toBe(1);
    const lines = problemLines(checked.stderr);
    expect(lines).toEqual(
      expect.arrayContaining([
        'server.timeouts.headers: Invalid duration "soon" (use e.g. 30s, 5m, 7d)',
        expect.stringMatching(/^cors\.allowedOrigins\[0\]: Must be an origin/),
        expect.stringMatching(/^cors\.allowedOrigins\[1\]: Must be an origin/),
        'routes[0].colour: Unknown key',
        'routes[1].name: Duplicate of routes[0].name',
        'server.workers: More than one worker needs a shared store (store.kind: redis, cluster or sentinel)',
        'sessions.absoluteTtl: Must not be shorter than sessions.idleTtl',
        'routes[1].upstream: must not hold credentials',
        expect.stringMatching(/^routes\[2\]\.match\.path: "\/c\/\.\.\/d" is not a normalised path/),
        expect.stringMatching(
          /^identity\.sources\[0\]\.path: cannot read users file \/nonexistent\/gatehouse-users\.yaml \(ENOENT\)$/,
        ),
      ]),
    );
    expect(lines.some((line) => line.startsWith('cors.allowedOrigins[2]'))).toBe(false);

    const started = startProcess(file);
    expect(await started.exited).toBe(1);
    expect(started.output()).not.toContain('listening');
    expect(started.output()).toContain(`gatehouse: invalid config ${file}\n`);
    expect(problemLines(started.output())).toEqual(lines);
  });

  it('refuses a users file with a bad entry, naming the file and the entry', async () => {
    const users = writeTempConfig('users:\n  - { username: a, password: "not a hash" }\n');
    const file = writeTempConfig(`identity: { sources: [{ kind: users-file, path: ${users} }] }\n`);
    const checked = await runCli(['check-config', file]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`identity.sources[0].path (${users}): users[0].password:`);
  });

  it('accepts assertion: true (issue #12 item 16), refusing it only where nothing can be asserted', async () => {
    const good = writeTempConfig(`
routes:
  - { name: orders, match: { path: /api/* }, upstream: "http://127.0.0.1:1", policy: token, assertion: true }
  - { match: { path: /b/* }, upstream: "http://127.0.0.1:1", policy: session, assertion: true }
`);
    const accepted = await runCli(['check-config', good]);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
    const bad = writeTempConfig(`
routes:
  - { name: open, match: { path: /p/* }, upstream: "http://127.0.0.1:1", policy: public, assertion: true }
  - { match: { path: /v/* }, policy: token, assertion: true }
`);
    const refused = await runCli(['check-config', bad]);
    expect(refused.code).toBe(1);
    expect(problemLines(refused.stderr)).toEqual([
      "routes[0].assertion: a 'public' route has no identity to assert",
      'routes[1].assertion: needs a name or an upstream: the assertion audience is one of them',
    ]);
  });

  it('answers --help, -h and --version', async () => {
    const version = (
      JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
    for (const flag of ['--help', '-h']) {
      const help = await runCli(['check-config', flag]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^usage: gatehouse check-config \[file\]/);
    }
    const shown = await runCli(['check-config', '--version']);
    expect(shown).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect((await runCli(['--version'])).stdout).toBe(`${version}\n`);
    expect((await runCli(['check-config', '--frobnicate'])).code).toBe(2);
  });
});
