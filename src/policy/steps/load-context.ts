import { contextTooLargeToForward } from '../../errors/errors.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ContextCodec, OpenedContext } from '../../context/context-codec.js';
import type { PolicyStep } from './policy-step.js';

const encoder = new TextEncoder();

/** Length of the unpadded base64url text of `bytes` bytes (RFC 4648 §5). */
const base64urlLength = (bytes: number) => Math.ceil((bytes * 4) / 3);

/**
 * Decodes (and, when sealed, decrypts) the context check-session read, for X-Auth-Context.
 * Refuses with 502 when its header (base64url of the JSON) would exceed `headerMaxBytes`, and
 * with 500 when it cannot be read. On an `onStoreDown: open` route whose store was down there is
 * nothing to decode: the request goes on without X-Auth-Context.
 */
export function loadContext(codec: ContextCodec, headerMaxBytes: number): PolicyStep {
  return async (context) => {
    const { session, storedContext } = context;
    if (!session || !storedContext) return undefined;
    let opened: OpenedContext;
    try {
      opened = await codec.open(session.sid, storedContext);
    } catch (error) {
      if (error instanceof GatewayError) return { error, reason: 'context-unreadable' };
      throw error;
    }
    // Check the cheap upper bound (3 UTF-8 bytes per UTF-16 unit) before encoding.
    const fits = (bytes: number) => base64urlLength(bytes) <= headerMaxBytes;
    if (!fits(opened.json.length * 3) && !fits(encoder.encode(opened.json).byteLength)) {
      return { error: contextTooLargeToForward(headerMaxBytes), reason: 'context-too-large' };
    }
    context.context = opened;
    return undefined;
  };
}
