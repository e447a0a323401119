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

/**
 * RFC 6749 §3.3 scope-token: `1*( %x21 / %x23-5B / %x5D-7E )`, printable ASCII without space, `"`
 * and `\\`. The one check every scope passes, whoever supplies it (config, users file, webhook, admin).
 */
export const scopeToken = z
  .string()
  .regex(
    /^[\x21\x23-\x5b\x5d-\x7e]+$/,
    'Must be one RFC 6749 §3.3 scope-token (printable ASCII without space, " or \\)',
  );

/**
 * A scope as sources write it, not yet checked: a space-separated string (RFC 6749 §3.3) split on
 * spaces, or a list taken as it is (an entry holding a space is never split into two scopes).
 */
export const scopeInput = z.union([
  z.string().transform((text) => text.split(' ').filter(Boolean)),
  z.array(z.string()),
]);

/** Space-separated scope string or a list, normalised to a list of unique scope-tokens. */
export const scopeList = scopeInput
  .pipe(z.array(scopeToken))
  .transform((scopes) => [...new Set(scopes)]);

/**
 * A subject (`sub`) from an identity source: any Unicode text (emails, URNs, "auth0|...", "zoë")
 * except control characters (C0, DEL and C1: Unicode general category Cc; CR and LF would split a
 * header or a log line, NUL truncates in C) and lone surrogates (no UTF-8 encoding exists).
 */
export const subject = z
  .string()
  .min(1)
  .refine((text) => !/\p{Cc}/u.test(text), 'Must not contain control characters (C0, DEL, C1)')
  .refine(
    (text) => !/\p{Cs}/u.test(text),
    'Must be well-formed Unicode (no lone surrogate code units)',
  );

/** An HTTP method name. */
export const httpMethod = z
  .string()
  .transform((m) => m.toUpperCase())
  .pipe(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
