import { createGatehouseClient, GatehouseError } from '../client/index.js';
import { describeError } from './describe-error.js';
import { describeResponse } from './describe-response.js';
import { element } from './elements.js';
import { showSessionInfo } from './session-panel.js';
import { createWizard } from './wizard.js';

// The demo SPA: the page is served through the gateway, so every call below is same-origin and
// the refresh cookie's Origin check passes for the origins in `cors.allowedOrigins`.
const client = createGatehouseClient();
const wizard = createWizard(client);
const ui = {
  status: element('status'),
  ended: element('session-ended'),
  signedOut: element('#signed-out'),
  loginForm: element<HTMLFormElement>('#login-form'),
  username: element<HTMLInputElement>('login-username'),
  password: element<HTMLInputElement>('login-password'),
  loginSubmit: element<HTMLButtonElement>('login-submit'),
  loginError: element('login-error'),
  signedIn: element('#signed-in'),
  info: element('session-info'),
  logout: element<HTMLButtonElement>('logout'),
};
// The session on show, so the same sign-in reported twice (the call and its event) renders once.
let shownSid: string | null = null;

function showLoginError(message: string | null): void {
  ui.loginError.textContent = message ?? '';
  ui.loginError.hidden = message === null;
}

function showSignedOut(ended: boolean): void {
  shownSid = null;
  ui.status.textContent = 'Signed out';
  ui.ended.hidden = !ended;
  ui.signedIn.hidden = true;
  ui.signedOut.hidden = false;
  ui.info.replaceChildren();
  wizard.clear();
}

async function showSignedIn(): Promise<void> {
  const session = client.session();
  if (session === null) return showSignedOut(false);
  if (session.sid === shownSid) return;
  shownSid = session.sid;
  ui.status.textContent = `Signed in as ${session.sub}`;
  ui.ended.hidden = true;
  ui.signedOut.hidden = true;
  ui.signedIn.hidden = false;
  showLoginError(null);
  await Promise.all([showSessionInfo(client, ui.info), wizard.load()]);
}

function loginFailure(error: unknown): string {
  if (!(error instanceof GatehouseError)) return `Could not sign in: ${describeError(error)}`;
  if (error.status === 401) return 'Wrong username or password.';
  if (error.status === 429) return 'Too many attempts: wait a little and try again.';
  return `Could not sign in: ${describeError(error)}`;
}

async function busy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

ui.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void busy(ui.loginSubmit, async () => {
    showLoginError(null);
    try {
      await client.login(ui.username.value, ui.password.value);
    } catch (error) {
      return showLoginError(loginFailure(error));
    }
    ui.password.value = '';
    await showSignedIn();
  });
});

ui.logout.addEventListener('click', () => {
  void busy(ui.logout, async () => {
    // The client forgets the token whatever the answer; say so if the gateway did not confirm.
    const failed = await client.logout().then(() => null, describeError);
    showSignedOut(false);
    if (failed)
      showLoginError(`Signed out here, but the gateway did not end the session: ${failed}`);
  });
});

for (const [button, path, result] of [
  ['call-token-route', '/api/hello', 'token-route-result'],
  ['call-session-route', '/account/me', 'session-route-result'],
] as const) {
  const output = element(result);
  element<HTMLButtonElement>(button).addEventListener('click', (event) => {
    void busy(event.currentTarget as HTMLButtonElement, async () => {
      output.textContent = '…';
      output.textContent = await client.fetch(path).then(describeResponse).catch(describeError);
    });
  });
}

// Also what other tabs of this origin do: a sign-in, a sign-out, or the session ending on its own
// (revoked by an admin, or its refresh refused).
client.on('login', () => void showSignedIn());
client.on('logout', () => showSignedOut(false));
client.on('session-ended', () => showSignedOut(true));
client.on('refreshed', () => {
  if (shownSid !== null) void showSessionInfo(client, ui.info);
});

client.restore().then(
  (signedIn) => (signedIn ? showSignedIn() : showSignedOut(false)),
  (error: unknown) => {
    showSignedOut(false);
    showLoginError(`Could not restore your session: ${describeError(error)}`);
  },
);
