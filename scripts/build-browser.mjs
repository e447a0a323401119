// Builds the browser code under src/browser/ into dist/browser/ (run by `npm run build`, and before
// `npm start` and `npm test`):
//   src/browser/client/index.ts  → dist/browser/client/gatehouse-client.js  (the `gatehouse/client` library)
//   src/browser/<app>/main.ts    → dist/browser/<app>/app.js, plus the app's *.html and *.css copied
// Every bundle is one minified ES module with no runtime dependencies; prints each size, gzipped.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src/browser');
const OUT = join(ROOT, 'dist/browser');

const bundle = (entry, outfile) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2022'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });

rmSync(OUT, { recursive: true, force: true });
const built = [];
for (const dir of readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const from = join(SRC, dir.name);
  const to = join(OUT, dir.name);
  mkdirSync(to, { recursive: true });
  if (dir.name === 'client') {
    await bundle(join(from, 'index.ts'), join(to, 'gatehouse-client.js'));
    built.push(join(to, 'gatehouse-client.js'));
    continue;
  }
  if (!existsSync(join(from, 'main.ts'))) continue;
  await bundle(join(from, 'main.ts'), join(to, 'app.js'));
  built.push(join(to, 'app.js'));
  for (const file of readdirSync(from).filter((name) => /\.(html|css)$/.test(name))) {
    copyFileSync(join(from, file), join(to, file));
    built.push(join(to, file));
  }
}

if (!process.argv.includes('--quiet')) {
  for (const file of built) {
    const bytes = readFileSync(file);
    const name = file.slice(ROOT.length + 1);
    process.stdout.write(
      `${name.padEnd(44)} ${String(bytes.length).padStart(7)} B  ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B gzip\n`,
    );
  }
}
