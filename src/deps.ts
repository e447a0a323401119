import type { GatehouseConfig } from './config/schema.js';
import type { IdentitySource } from './identity/identity-source.js';
import type { Clock } from './lib/clock.js';
import type { SecretCrypto } from './lib/secret-crypto.js';
import type { StaticAssets } from './lib/static-assets.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import type { UpstreamTransport } from './proxy/upstream-transport.js';
import type { RequestViewSource } from './proxy/request-view.js';
import type { Scheduler } from './revocation/scheduler.js';
import type { Store } from './store/store.js';
import type { Keyring } from './keys/keyring.js';
import type { SigningKeys } from './keys/signing-keys.js';
import type { AccessTokenSignerFactory } from './tokens/sign-access-token.js';
import type { AccessTokenVerifierFactory } from './tokens/verify-access-token.js';

/** Everything createGateway needs; tests inject a memory store, a fake clock and a fake upstream. */
export interface GatewayDeps {
  config: GatehouseConfig;
  store: Store;
  clock: Clock;
  keyring: Keyring;
  /**
   * Rotation and reloads of the signing keys (`keyring` must be `signingKeys.keyring`). Without it
   * the keys are fixed: rotation answers 409.
   */
  signingKeys?: SigningKeys;
  upstream: UpstreamTransport;
  /** Login sources, tried in order; the first that accepts the credentials wins. */
  identitySources: readonly IdentitySource[];
  logger: Logger;
  /**
   * Where the gateway records its metrics, served at `metrics.path`. Without it nothing is
   * recorded and there is no metrics endpoint.
   */
  metrics?: Metrics;
  /**
   * Builds the access-token verifier: the jose one (portable, Web Crypto) when omitted; the Node
   * adapter passes its node:crypto one. Both share every header and claim check.
   */
  tokenVerifier?: AccessTokenVerifierFactory;
  /**
   * Builds the access-token signer: jose's (portable, Web Crypto) when omitted; the Node adapter
   * passes its node:crypto one. Both build the same header and claims.
   */
  tokenSigner?: AccessTokenSignerFactory;
  /**
   * Hashes refresh secrets and seals successor pairs: Web Crypto when omitted; the Node adapter
   * passes node:crypto's (synchronous). Either opens what the other sealed.
   */
  secretCrypto?: SecretCrypto;
  /** Runs the revocation mirror's periodic reconcile; setInterval when omitted. */
  scheduler?: Scheduler;
  /**
   * Builds the runtime's view of a request (raw target, header pairs, peer address, body) from
   * the Web Request and the runtime bindings (Hono's `c.env`): `nodeRequestView` under
   * @hono/node-server, `webRequestView` on other runtimes. Called at most once per request.
   */
  requestView: RequestViewSource;
  /** The built browser files (admin console); none when omitted. */
  staticAssets?: StaticAssets;
}
