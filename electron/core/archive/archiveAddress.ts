/**
 * What an archive address may hold, and when a stored secret may follow an edit of it.
 *
 * A password inside the address (`http://user:pass@host/`) would be stored unsealed and
 * shown in Settings: such addresses are refused, and any stored before are split on open
 * (the credentials go into the sealed secret). A stored secret belongs to one origin
 * (scheme, host and port) and one kind of authentication: it is never sent anywhere else.
 */

/** The user name and password written inside an address, or null when there are none. */
export function addressCredentials(address: string): { user: string; password: string } | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    // Not parseable: look for an `@` before the path, which is where credentials would be.
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(address) ? { user: '', password: '' } : null;
  }
  if (url.username === '' && url.password === '') return null;
  return { user: safeDecode(url.username), password: safeDecode(url.password) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The address without its user name and password (unchanged when it has none). */
export function withoutCredentials(address: string): string {
  try {
    const url = new URL(address);
    if (url.username === '' && url.password === '') return address;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    // Unparseable: drop everything between the scheme and the last `@` of the authority.
    return address.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
}

/**
 * Scheme, host and port as URL normalises them (`HTTP://Pacs:80` is `http://pacs`), or null
 * when the address cannot be parsed.
 */
export function originOf(address: string): string | null {
  try {
    const origin = new URL(address).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function sameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== null && origin === originOf(b);
}

/** Why a stored secret cannot be kept for the edited archive, or null when it can. */
export type SecretDropReason = 'address' | 'authKind' | 'user';

export function secretDropReason(
  stored: { baseUrl: string; authKind: string; user: string | null },
  edited: { baseUrl: string; authKind: string; user: string | null },
): SecretDropReason | null {
  if (!sameOrigin(stored.baseUrl, edited.baseUrl)) return 'address';
  if (stored.authKind !== edited.authKind) return 'authKind';
  if (edited.authKind === 'basic' && stored.user !== edited.user) return 'user';
  return null;
}
