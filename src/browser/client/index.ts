// gatehouse/client: the SPA side of a gatehouse session (README "SPA client (gatehouse/client)").
export { createGatehouseClient } from './create-gatehouse-client.js';
export { GatehouseError } from './gatehouse-error.js';
export type {
  GatehouseClient,
  GatehouseClientOptions,
  GatehouseEvent,
  GatehouseSession,
} from './types.js';
