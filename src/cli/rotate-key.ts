import { runSigningKeyCommand, type SigningKeyCommandIo } from './signing-key-command.js';

const USAGE = `usage: gatehouse rotate-key [--config <file>]

Makes a new active signing key; the previous one keeps verifying until its last token expires.
Prints the new kid. tokens.keys.source store: every running instance switches within
milliseconds. generate: rewrites <dataDir>/signing-keys.json, used from the gateway's next start
(rotate a running gateway with POST /admin/keys/rotate instead).
`;

/** `gatehouse rotate-key [--config file]`: rotates the signing key; exit 0 and the kid on success. */
export function rotateKeyCommand(args: string[], io: SigningKeyCommandIo): Promise<number> {
  return runSigningKeyCommand(
    {
      name: 'rotate-key',
      usage: USAGE,
      positionals: 0,
      apiAlternative: 'POST /admin/keys/rotate',
      async run(keys) {
        const { kid, previous } = await keys.rotate();
        const verifying = previous.join(', ') || '(none)';
        return { out: kid, note: `new active key ${kid}; still verifying: ${verifying}` };
      },
    },
    args,
    io,
  );
}
