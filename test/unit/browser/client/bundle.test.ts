import { build } from 'esbuild';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BROWSER_BUNDLE_OPTIONS } from '../../../../scripts/browser-bundle-options.mjs';

// The `gatehouse/client` bundle as scripts/build-browser.mjs makes it (the same esbuild options),
// built in memory so that this test never touches dist/ while other tests serve from it.

const ENTRY = resolve(import.meta.dirname, '../../../../src/browser/client/index.ts');
const CLIENT_DIR = 'src/browser/client/';

async function bundle() {
  const result = await build({
    ...BROWSER_BUNDLE_OPTIONS,
    entryPoints: [ENTRY],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return {
    code: result.outputFiles[0]!.contents,
    inputs: Object.keys(result.metafile.inputs),
    output,
  };
}

describe('gatehouse/client bundle', () => {
  it('is under 3 kB minified and gzipped', async () => {
    const { code } = await bundle();
    expect(gzipSync(code, { level: 9 }).length).toBeLessThan(3072);
  });

  it('has no runtime dependency: every input is the client own source', async () => {
    const { inputs, output } = await bundle();
    expect(inputs.filter((path) => !path.startsWith(CLIENT_DIR))).toEqual([]);
    expect(output.imports).toEqual([]);
    expect(output.exports.sort()).toEqual(['GatehouseError', 'createGatehouseClient']);
  });

  it('never names Web Storage, IndexedDB or document.cookie', async () => {
    const text = new TextDecoder().decode((await bundle()).code);
    expect(text).not.toMatch(/localStorage|sessionStorage|indexedDB|document\.cookie/);
  });
});
