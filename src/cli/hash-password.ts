import { hash as argon2Hash } from '@node-rs/argon2';
import { nodePasswordHasher } from '../adapters/node/identity/node-password-hasher.js';

/** Streams and terminal state the command runs against (process.* in production, fakes in tests). */
export interface HashPasswordIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

const USAGE = `usage: gatehouse hash-password [--argon2id]

Reads one password line from stdin (prompting without echo on a terminal) and prints a PHC
hash for config/users.yaml: scrypt by default, argon2id with --argon2id.
`;

// The login endpoint accepts passwords up to this length; a longer one could never log in.
const MAX_PASSWORD_CHARS = 1024;

/** Reads the first line of a piped stdin, without its line ending. */
async function readLine(stdin: NodeJS.ReadableStream): Promise<string | null> {
  stdin.setEncoding('utf8');
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    const newline = text.indexOf('\n');
    if (newline >= 0) return text.slice(0, newline).replace(/\r$/, '');
  }
  return text === '' ? null : text.replace(/\r$/, '');
}

/** Prompts on stderr and reads a line from a terminal in raw mode, so nothing is echoed. */
function readHidden(
  stdin: NodeJS.ReadableStream,
  stderr: NodeJS.WritableStream,
  prompt: string,
): Promise<string | null> {
  const tty = stdin as NodeJS.ReadableStream & { setRawMode?(raw: boolean): unknown };
  stderr.write(prompt);
  tty.setRawMode?.(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let value = '';
    const finish = (result: string | null) => {
      stdin.off('data', onData);
      tty.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      resolve(result);
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(null);
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch !== '\u0004') value += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** The password, or why there is none. */
async function readPassword(
  io: HashPasswordIo,
): Promise<{ password: string } | { problem: string }> {
  let password: string | null;
  if (io.isTTY) {
    password = await readHidden(io.stdin, io.stderr, 'Password: ');
    if (password && (await readHidden(io.stdin, io.stderr, 'Repeat password: ')) !== password) {
      return { problem: 'the passwords do not match' };
    }
  } else {
    password = await readLine(io.stdin);
  }
  if (!password) return { problem: 'no password given (an empty password is refused)' };
  if (password.length > MAX_PASSWORD_CHARS) {
    return { problem: `passwords longer than ${MAX_PASSWORD_CHARS} characters cannot log in` };
  }
  return { password };
}

/** `gatehouse hash-password [--argon2id]`: prints a PHC hash of the password read from stdin. */
export async function hashPasswordCommand(args: string[], io: HashPasswordIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--argon2id');
  if (unknown.length > 0) {
    io.stderr.write(`gatehouse hash-password: unknown argument "${unknown[0]}"\n${USAGE}`);
    return 2;
  }
  const read = await readPassword(io);
  if ('problem' in read) {
    io.stderr.write(`gatehouse hash-password: ${read.problem}\n`);
    return 1;
  }
  const { password } = read;
  // @node-rs/argon2 defaults to argon2id, m=19456 KiB, t=2, p=1 (the OWASP baseline).
  const phc = args.includes('--argon2id')
    ? await argon2Hash(password)
    : await nodePasswordHasher.hash(password);
  io.stdout.write(`${phc}\n`);
  return 0;
}
