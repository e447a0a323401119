// Builds the browser code under src/browser/ into dist/browser/ (run by `npm run build`, and before
// `npm start` and `npm test`):
//   src/browser/client/index.ts  → dist/browser/client/gatehouse-client.js  (the `gatehouse/client` library)
//                                  + its type declarations, dist/browser/client/index.d.ts and the files it names
//   src/browser/<app>/main.ts    → dist/browser/<app>/app.js, plus the app's *.html and *.css copied
// Every bundle is one minified ES module with no runtime dependencies; prints each size, gzipped.
import { build } from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { BROWSER_BUNDLE_OPTIONS } from './browser-bundle-options.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src/browser');
const OUT = join(ROOT, 'dist/browser');
// Built beside OUT and swapped in at the end, so a gateway starting meanwhile reads either the old
// files or the new ones, never a half-empty folder.
mkdirSync(join(ROOT, 'dist'), { recursive: true });
const NEXT = mkdtempSync(join(ROOT, 'dist/.browser-'));

const bundle = (entry, outfile) =>
  build({ ...BROWSER_BUNDLE_OPTIONS, entryPoints: [entry], outfile, logLevel: 'warning' });

/** Emits the .d.ts files of a library (the package's `types` for `gatehouse/client`). */
function declarations(entry, outDir) {
  const program = ts.createProgram([entry], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    rootDir: dirname(entry),
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
  });
  const { emitSkipped, diagnostics } = program.emit();
  if (emitSkipped || diagnostics.length > 0) {
    throw new Error(
      `declarations of ${entry}: ${ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))}`,
    );
  }
}

const built = [];
try {
  for (const dir of readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const from = join(SRC, dir.name);
    const to = join(NEXT, dir.name);
    mkdirSync(to, { recursive: true });
    if (dir.name === 'client') {
      await bundle(join(from, 'index.ts'), join(to, 'gatehouse-client.js'));
      declarations(join(from, 'index.ts'), to);
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
} catch (error) {
  rmSync(NEXT, { recursive: true, force: true });
  throw error;
}
const OLD = `${NEXT}.old`;
if (existsSync(OUT)) renameSync(OUT, OLD);
renameSync(NEXT, OUT);
rmSync(OLD, { recursive: true, force: true });

if (!process.argv.includes('--quiet')) {
  for (const file of built) {
    const bytes = readFileSync(file.replace(NEXT, OUT));
    const name = file.replace(NEXT, OUT).slice(ROOT.length + 1);
    process.stdout.write(
      `${name.padEnd(44)} ${String(bytes.length).padStart(7)} B  ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B gzip\n`,
    );
  }
}
