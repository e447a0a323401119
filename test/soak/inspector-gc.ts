import { WebSocket } from 'undici';

/** A DevTools-protocol session on the gateway's inspector, used only to force a full GC. */
export interface InspectorGc {
  /** Runs a full garbage collection in the gateway process and waits for it. */
  collect(): Promise<void>;
  close(): void;
}

/** NODE_OPTIONS for the gateway: an inspector on a free loopback port (printed on stderr). */
export const INSPECT_OPTIONS = '--inspect=127.0.0.1:0';

/**
 * Connects to the inspector the gateway announced in its output ("Debugger listening on ws://").
 * Heap and RSS read right after a forced full GC hold what is live, not the sawtooth of garbage
 * waiting for the next major GC, so start and end can be compared tightly.
 */
export async function connectInspectorGc(output: string): Promise<InspectorGc> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the gateway announced no inspector (NODE_OPTIONS=${INSPECT_OPTIONS})`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('inspector connection failed')), {
      once: true,
    });
  });
  const pending = new Map<number, (error?: string) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message.error?.message);
  });
  let next = 0;
  const call = (method: string) =>
    new Promise<void>((resolve, reject) => {
      const id = ++next;
      pending.set(id, (error) => {
        pending.delete(id);
        if (error) reject(new Error(`${method}: ${error}`));
        else resolve();
      });
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    collect: () => call('HeapProfiler.collectGarbage'),
    close: () => socket.close(),
  };
}
