/** The verified identity carried by an access token (README "Tokens and keys", RFC 9068 §2.2). */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Space-separated, as in the token (RFC 8693 §4.2). */
  scope: string;
  [claim: string]: unknown;
}
