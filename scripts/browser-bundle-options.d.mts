import type { BuildOptions } from 'esbuild';

export declare const BROWSER_BUNDLE_OPTIONS: Readonly<BuildOptions>;
