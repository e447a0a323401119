import { randomToken, sha256Hex } from '../lib/crypto.js';

const USAGE = `usage: gatehouse admin-key [name]

Prints a new admin API key (gha_..., 256 bits) and the line for admin.keys in the config, which
holds only its SHA-256. The key is shown once and stored nowhere: keep it in your secret store.
`;

// Plain YAML scalars only, so the printed line needs no quoting.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

/** `gatehouse admin-key [name]`: a new admin API key and its `admin.keys` entry. */
export async function adminKeyCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [name = 'admin', ...extra] = args;
  if (extra.length > 0 || !NAME.test(name)) {
    io.stderr.write(
      `gatehouse admin-key: the name must be 1-64 letters, digits, or _ . @ - (got ${JSON.stringify(args.join(' '))})\n${USAGE}`,
    );
    return 2;
  }
  const key = `gha_${randomToken(32)}`;
  io.stdout.write(
    `${key}\n# admin.keys entry (the config holds only the hash):\n` +
      `  - { name: ${name}, sha256: ${await sha256Hex(key)} }\n`,
  );
  return 0;
}
