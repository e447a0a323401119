import { z } from 'zod';
import { parseDuration, parseSize } from '../lib/units.js';

/** A duration string (`250ms`, `30s`, `5m`, `12h`, `7d`) parsed to milliseconds. */
export const durationMs = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `Invalid duration "${text}" (use e.g. 30s, 5m, 7d)` });
    return z.NEVER;
  }
  return ms;
});

/** A size string (`512b`, `64kb`, `10mb`) parsed to bytes. */
export const sizeBytes = z.string().transform((text, ctx) => {
  const bytes = parseSize(text);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `Invalid size "${text}" (use e.g. 64kb, 10mb)` });
    return z.NEVER;
  }
  return bytes;
});

/** An absolute http(s) URL. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'Invalid URL' });

/** Space-separated scope string or a list, normalised to a list of unique scope tokens. */
export const scopeList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [
    ...new Set((Array.isArray(value) ? value : value.split(' ')).filter(Boolean)),
  ]);

/** An HTTP method name. */
export const httpMethod = z
  .string()
  .transform((m) => m.toUpperCase())
  .pipe(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
