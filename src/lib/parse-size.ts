const UNITS_BYTES: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i;

/** Parses `512b`, `64kb`, `10mb`, `1gb` (binary multiples) into bytes; undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * UNITS_BYTES[match[2]!.toLowerCase()]!);
}
