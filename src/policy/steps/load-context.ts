import { contextTooLargeToForward } from '../../errors/errors.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ContextForwarder, ForwardedContext } from '../../context/context-forwarder.js';
import type { PolicyStep } from './policy-step.js';

/**
 * Opens (and, when sealed, decrypts) the context check-session read and encodes it for
 * X-Auth-Context (context-forwarder: once per change of the context). Refuses with 502 when the
 * header would exceed `headerMaxBytes`, and with 500 when it cannot be read. On an
 * `onStoreDown: open` route whose store was down there is nothing to open: the request goes on
 * without X-Auth-Context.
 */
export function loadContext(contexts: ContextForwarder, headerMaxBytes: number): PolicyStep {
  return async (context) => {
    const { session, storedContext } = context;
    if (!session || !storedContext) return undefined;
    let forwarded: ForwardedContext;
    try {
      forwarded = await contexts.forward(session.sid, storedContext);
    } catch (error) {
      if (error instanceof GatewayError) return { error, reason: 'context-unreadable' };
      throw error;
    }
    if (forwarded.header.length > headerMaxBytes) {
      return { error: contextTooLargeToForward(headerMaxBytes), reason: 'context-too-large' };
    }
    context.context = forwarded;
    return undefined;
  };
}
