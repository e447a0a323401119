import type { Phc } from './parse-phc.js';

/** Formats a PHC string; salt and hash in PHC "B64" (standard alphabet, no padding). */
export function formatPhc(phc: Phc): string {
  const fields = [phc.id];
  if (phc.version !== undefined) fields.push(`v=${phc.version}`);
  const params = Object.entries(phc.params).map(([key, value]) => `${key}=${value}`);
  if (params.length > 0) fields.push(params.join(','));
  if (phc.salt) fields.push(encodeB64(phc.salt));
  if (phc.salt && phc.hash) fields.push(encodeB64(phc.hash));
  return `$${fields.join('$')}`;
}

function encodeB64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
}
