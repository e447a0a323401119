import { runSigningKeyCommand, type SigningKeyCommandIo } from './signing-key-command.js';

const USAGE = `usage: gatehouse revoke-key <kid> [--config <file>]

Drops signing key <kid> (one that leaked): every token it signed is refused from then on, on every
route. Revoking the active key makes a new key sign first; prints the active kid.
tokens.keys.source store: every running instance drops it within milliseconds. generate:
rewrites <dataDir>/signing-keys.json, used from the gateway's next start (revoke on a running
gateway with DELETE /admin/keys/<kid> instead).
`;

/** `gatehouse revoke-key <kid> [--config file]`: revokes a signing key; exit 0 on success. */
export function revokeKeyCommand(args: string[], io: SigningKeyCommandIo): Promise<number> {
  return runSigningKeyCommand(
    {
      name: 'revoke-key',
      usage: USAGE,
      positionals: 1,
      apiAlternative: 'DELETE /admin/keys/<kid>',
      async run(keys, [kid]) {
        const { kid: active, previous } = await keys.revoke(kid!);
        const verifying = previous.join(', ') || '(none)';
        return {
          out: active,
          note: `revoked ${kid}; active key ${active}; still verifying: ${verifying}`,
        };
      },
    },
    args,
    io,
  );
}
