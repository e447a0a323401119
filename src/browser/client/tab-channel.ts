/** What the tabs of one origin tell each other. */
export type TabMessage =
  /** A new access token: a refresh (or a reply to `ask`), or a login when `login` is set. */
  | { t: 'token'; token: string; expAt: number; login?: boolean }
  /** Refresh answered 401: the session `sid` (the tab's, if it had one) has ended. */
  | { t: 'ended'; sid?: string | undefined }
  /** `ask`: who has a token? `failed`: a refresh failed otherwise than with 401. */
  | { t: 'ask' | 'logout' | 'failed' };

/** The channel between tabs, or a silent stand-in where BroadcastChannel is missing. */
export interface TabChannel {
  /** Posts to the other tabs; false when there is no channel to post on. */
  post(message: TabMessage): boolean;
  /** The next message from another tab, or undefined after `ms`. */
  next(ms: number): Promise<TabMessage | undefined>;
}

/**
 * Opens the BroadcastChannel `name` (same origin only, memory to memory: a token posted here is
 * never written anywhere) and hands every message from another tab to `receive`.
 */
export function openTabChannel(name: string, receive: (message: TabMessage) => void): TabChannel {
  const waiting = new Set<(message?: TabMessage) => void>();
  const channel = typeof BroadcastChannel == 'function' ? new BroadcastChannel(name) : undefined;
  // Outside a browser (Node: tests, server rendering) an open channel would keep the process alive.
  (channel as { unref?: () => void } | undefined)?.unref?.();
  channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    receive(event.data);
    waiting.forEach((wake) => wake(event.data));
  });
  return {
    post: (message) => (channel?.postMessage(message), !!channel),
    next: (ms) =>
      new Promise((resolve) => {
        const wake = (message?: TabMessage) => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve(message);
        };
        const timer = setTimeout(wake, ms);
        waiting.add(wake);
      }),
  };
}
