/** A parsed PHC string: `$<id>[$v=<version>][$<k>=<v>,...][$<salt>[$<hash>]]`. */
export interface Phc {
  id: string;
  version?: number;
  params: Record<string, string>;
  salt?: Uint8Array;
  hash?: Uint8Array;
}

const ID = /^[a-z0-9-]{1,32}$/;
const PARAM = /^([a-z0-9-]{1,32})=([A-Za-z0-9/+.-]{1,64})$/;
// PHC "B64": the standard alphabet without padding.
const B64 = /^[A-Za-z0-9+/]*$/;

/** Parses a PHC string (https://github.com/P-H-C/phc-string-format); undefined when malformed. */
export function parsePhc(text: string): Phc | undefined {
  if (text.length > 512 || !text.startsWith('$')) return undefined;
  const fields = text.slice(1).split('$');
  const id = fields.shift();
  if (id === undefined || !ID.test(id)) return undefined;
  const phc: Phc = { id, params: Object.create(null) as Record<string, string> };
  if (fields[0]?.startsWith('v=')) {
    const version = fields.shift()!.slice(2);
    if (!/^\d{1,6}$/.test(version)) return undefined;
    phc.version = Number(version);
  }
  if (fields[0]?.includes('=')) {
    for (const pair of fields.shift()!.split(',')) {
      const match = PARAM.exec(pair);
      if (!match || match[1]! in phc.params) return undefined;
      phc.params[match[1]!] = match[2]!;
    }
  }
  if (fields.length > 2) return undefined;
  const [salt, hash] = fields.map(decodeB64);
  if (salt === null || hash === null) return undefined;
  if (salt) phc.salt = salt;
  if (hash) phc.hash = hash;
  return phc;
}

function decodeB64(text: string): Uint8Array | null {
  // Length 4k+1 is never valid base64.
  if (text === '' || !B64.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
