import { Redis } from 'ioredis';

async function idsNamed(admin: Redis, name: string): Promise<string[]> {
  const list = (await admin.call('CLIENT', 'LIST')) as string;
  return list
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('='))))
    .filter((fields: Record<string, string>) => fields.name === name)
    .map((fields: Record<string, string>) => fields.id!);
}

/**
 * Closes, server side, every connection whose client name is exactly `name` (CLIENT KILL ID) on
 * each of the servers at `urls`, as a network fault would; other clients of a shared Redis are
 * left alone. Every server is listed before any connection is killed, so a client that moves to
 * another server once cut (a Cluster subscriber) is not killed there a second time. Resolves to
 * how many.
 */
export async function killClientsNamedOn(urls: string[], name: string): Promise<number> {
  const admins = urls.map((url) => new Redis(url));
  try {
    const ids = await Promise.all(admins.map((admin) => idsNamed(admin, name)));
    await Promise.all(
      admins.map(async (admin, i) => {
        for (const id of ids[i]!) await admin.call('CLIENT', 'KILL', 'ID', id);
      }),
    );
    return ids.flat().length;
  } finally {
    await Promise.all(admins.map((admin) => admin.quit().catch(() => admin.disconnect())));
  }
}

/** killClientsNamedOn for one server. */
export function killClientsNamed(url: string, name: string): Promise<number> {
  return killClientsNamedOn([url], name);
}
