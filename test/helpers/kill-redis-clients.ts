import { Redis } from 'ioredis';

/**
 * Closes, server side, every connection whose client name is exactly `name` (CLIENT KILL ID), as
 * a network fault would; other clients of a shared Redis are left alone. Resolves to how many.
 */
export async function killClientsNamed(url: string, name: string): Promise<number> {
  const admin = new Redis(url);
  try {
    const list = (await admin.call('CLIENT', 'LIST')) as string;
    const ids = list
      .split('\n')
      .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('='))))
      .filter((fields: Record<string, string>) => fields.name === name)
      .map((fields: Record<string, string>) => fields.id!);
    for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
    return ids.length;
  } finally {
    await admin.quit();
  }
}
