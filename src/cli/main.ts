import { adminKeyCommand } from './admin-key.js';
import { checkConfigCommand } from './check-config.js';
import { hashPasswordCommand } from './hash-password.js';
import { healthcheckCommand } from './healthcheck.js';
import { revokeKeyCommand } from './revoke-key.js';
import { rotateKeyCommand } from './rotate-key.js';
import { gatehouseVersion } from './version.js';

const USAGE = `usage: gatehouse <command>

commands:
  check-config [file]     validate a config file as start-up does (default: $GATEHOUSE_CONFIG or
                          config/gatehouse.yaml); --help for more
  healthcheck [file]      GET /healthz on the port the config listens on; exit 0 when healthy
  hash-password [--argon2id]
                          read a password on stdin, print a PHC hash for config/users.yaml
  rotate-key [--config file]
                          make a new active signing key (store or generate key source); print its kid
  revoke-key <kid> [--config file]
                          drop a (leaked) signing key: its tokens are refused; print the active kid
  admin-key [name]        print a new admin API key and its admin.keys config line
`;

const [command, ...args] = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

let code: number;
switch (command) {
  case 'check-config':
    code = await checkConfigCommand(args, io);
    break;
  case 'healthcheck':
    code = await healthcheckCommand(args, io);
    break;
  case 'hash-password':
    code = await hashPasswordCommand(args, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      isTTY: Boolean(process.stdin.isTTY),
    });
    break;
  case 'rotate-key':
    code = await rotateKeyCommand(args, io);
    break;
  case 'revoke-key':
    code = await revokeKeyCommand(args, io);
    break;
  case 'admin-key':
    code = await adminKeyCommand(args, io);
    break;
  case '--version':
    process.stdout.write(`${gatehouseVersion()}\n`);
    code = 0;
    break;
  case undefined:
  case 'help':
  case '-h':
  case '--help':
    process.stdout.write(USAGE);
    code = command === undefined ? 2 : 0;
    break;
  default:
    process.stderr.write(`gatehouse: unknown command "${command}"\n${USAGE}`);
    code = 2;
}
process.exitCode = code;
