import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The console's page as written (npm run build:browser copies it as is): it must run under
// `script-src 'self'; style-src 'self'` and carry the hooks the browser tests drive it by.
const DIR = resolve(import.meta.dirname, '../../../../src/browser/admin-console');
const html = readFileSync(join(DIR, 'index.html'), 'utf8');
const scripts = readdirSync(DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(join(DIR, name), 'utf8'))
  .join('\n');

describe('the admin console page', () => {
  it('loads only its own script and style, by relative URL', () => {
    const tags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(tags.map(([, attributes]) => attributes?.trim())).toEqual([
      'type="module" src="app.js"',
    ]);
    expect(tags.every(([, , body]) => body === '')).toBe(true);
    expect([...html.matchAll(/<link\b[^>]*>/gi)].map(([tag]) => tag)).toEqual([
      '<link rel="stylesheet" href="app.css" />',
    ]);
  });

  it('has no inline style, event handler or javascript: URL', () => {
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('never builds HTML from strings or sets inline styles in its scripts', () => {
    expect(scripts).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(scripts).not.toMatch(/\.style\b|setAttribute\(\s*['"]style/);
    expect(scripts).not.toMatch(/localStorage\./);
  });

  it.each([
    'admin-key-input',
    'admin-key-submit',
    'admin-key-forget',
    'user-search-input',
    'user-search-submit',
    'revoke-all',
    'jti-input',
    'jti-exp-input',
    'jti-submit',
    'rotate-key',
    'keys-table',
    'keys-body',
    'confirm-dialog',
    'confirm-yes',
    'confirm-no',
    'result',
  ])('has the element data-testid="%s"', (id) => {
    expect(html).toContain(`data-testid="${id}"`);
  });

  it('makes its session rows and their revoke buttons with the agreed hooks', () => {
    expect(scripts).toContain("row.dataset.testid = 'session-row'");
    expect(scripts).toContain('row.dataset.sid = session.sid');
    expect(scripts).toContain("revoke.dataset.testid = 'revoke-session'");
  });

  it('makes its signing key rows and their revoke buttons with the agreed hooks', () => {
    expect(scripts).toContain("row.dataset.testid = 'key-row'");
    expect(scripts).toContain('row.dataset.kid = key.kid');
    expect(scripts).toContain("revoke.dataset.testid = 'revoke-key'");
  });

  it('asks for confirmation in a <dialog>', () => {
    expect(html).toMatch(/<dialog data-testid="confirm-dialog"/);
  });
});
