// Bench (c): the heap a revocation mirror needs for 1,000,000 revoked entries (goal: < 200 MB).
// Fills a real mirror through its subscription (sids and jtis of 22 base64url characters, as
// gatehouse mints them; 1% user not-befores), then replaces its set by a full resync, measuring
// the heap after a forced GC each time. Run alone (needs --expose-gc):
//   node --expose-gc --import tsx test/bench/mirror-memory.ts [entries]
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRevocationMirror } from '../../src/revocation/revocation-mirror.js';
import type { Revocation, RevocationListener } from '../../src/store/revocation-log.js';

const ENTRIES = 1_000_000;
const GOAL_MB = 200;
const MB = 1024 * 1024;

/** What bench (c) measured. */
export interface MirrorMemoryResult {
  entries: number;
  /** Heap growth with every entry applied from pub/sub messages. */
  viaMessagesMb: number;
  /** Heap growth once a full resync (a listing of every entry) replaced the set. */
  afterResyncMb: number;
  /** The same while the decoded listing is still referenced: a resync's transient cost. */
  withListingMb: number;
  bytesPerEntry: number;
  goalMb: number;
  met: boolean;
}

const heapUsed = () => {
  (globalThis as { gc?: () => void }).gc!();
  return process.memoryUsage().heapUsed;
};

/** The i-th revocation: 60% sessions, 39% tokens, 1% users; ids fresh strings, like a decoder's. */
function revocationAt(i: number, forgetAt: number): Revocation {
  const id = randomBytes(16).toString('base64url');
  if (i % 100 === 0)
    return {
      kind: 'user',
      sub: `user-${id.slice(0, 12)}`,
      notBefore: forgetAt - 305_000,
      forgetAt,
    };
  return i % 100 < 61
    ? { kind: 'session', sid: id, forgetAt }
    : { kind: 'token', jti: id, forgetAt };
}

/** Measures in this process; needs --expose-gc. */
async function measure(entries: number): Promise<MirrorMemoryResult> {
  const now = Date.now();
  let listener: RevocationListener | undefined;
  let listing: Revocation[] = [];
  const mirror = createRevocationMirror({
    store: {
      subscribe: async (l) => {
        listener = l;
        l.connected();
        return { lossless: false, close: async () => {} };
      },
      listRevocations: async () => listing,
      revocationSeq: async () => 0,
    },
    clock: { now: () => now },
    maxStalenessMs: 5000,
    scheduler: { every: () => () => {} },
  });
  await mirror.start();
  const before = heapUsed();
  // Spread over the next five minutes, as entries that expire with their tokens are.
  for (let i = 0; i < entries; i++)
    listener!.revocation(revocationAt(i, now + 60_000 + (i % 300_000)));
  const viaMessages = heapUsed() - before;
  listing = Array.from({ length: entries }, (_, i) =>
    revocationAt(i, now + 60_000 + (i % 300_000)),
  );
  await mirror.reconcile();
  const withListing = heapUsed() - before;
  listing = [];
  const afterResync = heapUsed() - before;
  if (mirror.size() !== entries) throw new Error(`mirror holds ${mirror.size()} of ${entries}`);
  const worst = Math.max(viaMessages, afterResync);
  return {
    entries,
    viaMessagesMb: viaMessages / MB,
    afterResyncMb: afterResync / MB,
    withListingMb: withListing / MB,
    bytesPerEntry: Math.round(worst / entries),
    goalMb: GOAL_MB,
    met: worst / MB < GOAL_MB,
  };
}

/** Runs the measurement in a fresh node with --expose-gc, so nothing else shares its heap. */
export function runMirrorMemory(entries = ENTRIES): Promise<MirrorMemoryResult> {
  const script = fileURLToPath(import.meta.url);
  const args = [
    '--expose-gc',
    '--max-old-space-size=4096',
    '--import',
    'tsx',
    script,
    String(entries),
    '--json',
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(stderr.trim().split('\n').at(-1) ?? error.message));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as MirrorMemoryResult);
    });
  });
}

/** One line per figure, and the goal. */
export function renderMirrorMemory(r: MirrorMemoryResult): string {
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  return [
    `revocation mirror memory, ${r.entries.toLocaleString('en')} entries (60% sid, 39% jti, 1% user):`,
    `  heap via messages ${mb(r.viaMessagesMb)}, after a full resync ${mb(r.afterResyncMb)}, ` +
      `${r.bytesPerEntry} bytes/entry`,
    `  while a resync's listing is still held: ${mb(r.withListingMb)}; ` +
      `goal: under ${r.goalMb} MB: ${r.met ? 'met' : 'NOT MET'}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!(globalThis as { gc?: unknown }).gc) {
    process.stderr.write('run with: node --expose-gc --import tsx test/bench/mirror-memory.ts\n');
    process.exit(2);
  }
  const result = await measure(Number(process.argv[2] ?? ENTRIES));
  console.log(
    process.argv.includes('--json') ? JSON.stringify(result) : renderMirrorMemory(result),
  );
}
