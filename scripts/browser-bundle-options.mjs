// The esbuild options of every browser bundle: one place for scripts/build-browser.mjs and for the
// client's size and dependency test, so that the test measures what the build ships.
export const BROWSER_BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  platform: 'browser',
  legalComments: 'none',
});
