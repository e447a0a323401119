/** One built browser file: the admin console's and the demo SPA's pages, scripts and styles. */
export interface StaticAsset {
  body: Uint8Array;
  contentType: string;
}

/** The built browser files (`dist/browser`), by path below it, e.g. `admin-console/index.html`. */
export interface StaticAssets {
  get(path: string): StaticAsset | undefined;
}

/** No files: what tests and runtimes without a `dist/browser` get. */
export const noStaticAssets: StaticAssets = { get: () => undefined };

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
};

/** The Content-Type of a file name by its extension (application/octet-stream if unknown). */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
