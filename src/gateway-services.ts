import type { PolicyServices } from './policy/compile-policy.js';
import type { RequestEvaluator } from './policy/evaluate-request.js';
import type { RevocationMirror } from './revocation/revocation-mirror.js';
import type { ContextCodec } from './sessions/context-codec.js';
import type { AccessTokenSigner } from './tokens/sign-access-token.js';
import type { AccessTokenVerifier } from './tokens/verify-access-token.js';

/** Long-lived services createGateway builds once from its deps and hands to the API modules. */
export interface GatewayServices {
  signer: AccessTokenSigner;
  verifier: AccessTokenVerifier;
  /** Seals and opens session contexts (AES-256-GCM when `sessions.contextEncryption` has keys). */
  contextCodec: ContextCodec;
  /** The revocation mirror (`revocation.mode: mirror`); null in `lookup` mode. */
  revocations: RevocationMirror | null;
  /** What the policy steps use (for evaluators compiled elsewhere, e.g. forward-auth's fallback). */
  policy: PolicyServices;
  /** The configured routes, compiled once: shared by the reverse proxy and /auth/verify. */
  routes: RequestEvaluator;
  /** True once SIGTERM has been received: /readyz answers 503 so balancers drain us. */
  isDraining(): boolean;
}
