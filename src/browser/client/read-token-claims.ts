/** The claims the client uses; the gateway, not the browser, verifies the signature. */
export interface TokenClaims {
  sub: string;
  sid: string;
  scope?: string;
  iat: number;
  exp: number;
}

/** Decodes a JWT's payload (base64url JSON) without verifying it: for display and timing only. */
export function readTokenClaims(token: string): TokenClaims {
  const base64 = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as TokenClaims;
}
