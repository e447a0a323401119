// The admin console at /admin/ui/: plain DOM, no framework; every data call goes to the admin API
// with the admin key of this tab.
import { createAdminApi } from './admin-api.js';
import { createKeyGate } from './key-gate.js';
import { keyStore } from './key-store.js';
import { keysPanel } from './keys-panel.js';
import { revocationPanel } from './revocation-panel.js';
import { createActionRunner } from './run-action.js';
import { sessionsPanel } from './sessions-panel.js';

const api = createAdminApi(() => keyStore.get());
const gate = createKeyGate({
  onUnlock: () => void keys.load(),
  onLock: () => {
    sessions.reset();
    keys.reset();
  },
});
const run = createActionRunner((error) => gate.lock(error));
const sessions = sessionsPanel(api, run);
revocationPanel(api, run);
const keys = keysPanel(api, run);
gate.start();
