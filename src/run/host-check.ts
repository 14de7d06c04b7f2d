/**
 * Migration SQL from a pull request runs on the server behind --database-url, so that server has to be a
 * throwaway one. A loopback or private address (a CI service container, a local Docker) very likely is; a public
 * one very likely is not, so it needs --allow-remote.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type HostClass = 'socket' | 'loopback' | 'private' | 'public';

/** Class of an IP literal; null when `address` is not one. */
export function classifyAddress(address: string): HostClass | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return classifyV4(bare.split('.').map(Number));
  if (family === 6) return classifyV6(bare.toLowerCase());
  return null;
}

function classifyV4([a, b]: number[]): HostClass {
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  return 'public';
}

function classifyV6(address: string): HostClass {
  if (address === '::1') return 'loopback';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return classifyV4(mapped[1].split('.').map(Number));
  const first = Number.parseInt(address.split(':')[0] || '0', 16);
  // fc00::/7: unique local addresses.
  if ((first & 0xfe00) === 0xfc00) return 'private';
  return 'public';
}

/** Class of a host as `pg` would connect to it: a unix socket directory, a name, or an address. */
export async function classifyHost(host: string): Promise<{ hostClass: HostClass; addresses: string[] }> {
  if (host.startsWith('/')) return { hostClass: 'socket', addresses: [] };
  if (host.toLowerCase() === 'localhost') return { hostClass: 'loopback', addresses: [] };
  const literal = classifyAddress(host);
  if (literal) return { hostClass: literal, addresses: [host] };
  const addresses = (await lookup(host, { all: true })).map((a) => a.address);
  // A name is only as safe as the least safe address it resolves to.
  const classes = addresses.map((a) => classifyAddress(a) ?? 'public');
  const hostClass = classes.includes('public') ? 'public' : classes.includes('private') ? 'private' : 'loopback';
  return { hostClass, addresses };
}

/** Throws, saying why, unless the host is loopback, private or a socket, or remote hosts are allowed. */
export async function assertDisposableHost(host: string, allowRemote: boolean): Promise<void> {
  if (allowRemote) return;
  let result: { hostClass: HostClass; addresses: string[] };
  try {
    result = await classifyHost(host);
  } catch (error) {
    throw new Error(`--database-url host "${host}" could not be resolved (${(error as Error).message}); expected a loopback or private address, or pass --allow-remote`);
  }
  if (result.hostClass !== 'public') return;
  const resolved = result.addresses.length && result.addresses[0] !== host ? ` (resolves to ${result.addresses.join(', ')})` : '';
  throw new Error(
    `--database-url host "${host}"${resolved} is not a loopback or private address. The migrations under review, which may come ` +
      'from an untrusted pull request, would run on it, so it must be a disposable server (e.g. a CI service container). ' +
      'Pass --allow-remote if it is one.',
  );
}
