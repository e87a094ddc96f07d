/**
 * The archive form as data: what the user typed, and whether it makes a valid
 * `saveArchive` input. Pure, so the rules (http(s) only, no credentials in the address, an
 * empty password keeps the stored one only for the same origin, kind and user) are tested
 * without React. The engine applies the same rules (archiveRepository.ts): the form says
 * them first, in the user's language.
 */
import type { Archive, ArchiveInput } from '../../../../electron/common/contract';
import { ArchiveInputSchema } from '../../../../electron/common/contract';

export type AuthKind = Archive['authKind'];
export const AUTH_KINDS: readonly AuthKind[] = ['none', 'basic', 'bearer'];

/** From contract.ts: ArchiveInputSchema. */
export const NAME_MAX = 100;
export const USER_MAX = 256;

export interface ArchiveDraft {
  /** null: a new archive. */
  id: string | null;
  name: string;
  baseUrl: string;
  authKind: AuthKind;
  user: string;
  /** Password or token; write-only: empty keeps the stored one when there is one. */
  secret: string;
}

export type Field = 'name' | 'baseUrl' | 'user' | 'secret';
export type Problem =
  | 'name'
  | 'nameLong'
  | 'url'
  | 'urlCredentials'
  | 'user'
  | 'password'
  | 'token'
  | 'passwordAgainAddress'
  | 'tokenAgainAddress'
  | 'passwordAgainUser';

export interface DraftCheck {
  /** What to send, or null while a field is wrong. */
  input: ArchiveInput | null;
  problems: Partial<Record<Field, Problem>>;
}

export function draftFor(archive: Archive | null): ArchiveDraft {
  return {
    id: archive?.id ?? null,
    name: archive?.name ?? '',
    baseUrl: archive?.baseUrl ?? '',
    authKind: archive?.authKind ?? 'none',
    user: archive?.user ?? '',
    secret: '',
  };
}

/** http:// or https://, a host, no spaces; the same rule as the contract, and parseable. */
export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `user:password@` before the host: the same rule as the contract. */
export function hasAddressCredentials(text: string): boolean {
  return /^https?:\/\/[^/?#]*@/i.test(text);
}

/** Scheme, host and port as URL normalises them, or null when unparseable. */
function originOf(text: string): string | null {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Why the stored secret cannot be kept for this draft (null: it can). It belongs to one
 * origin, one kind of authentication and one user; another path on the same origin keeps it.
 */
export function secretDropReason(
  draft: ArchiveDraft,
  stored: Archive,
): 'address' | 'authKind' | 'user' | null {
  const origin = originOf(draft.baseUrl.trim());
  if (origin === null || origin !== originOf(stored.baseUrl)) return 'address';
  if (draft.authKind !== stored.authKind) return 'authKind';
  if (draft.authKind === 'basic' && draft.user.trim() !== (stored.user ?? '')) return 'user';
  return null;
}

/** Whether a secret is stored that this draft may keep (so an empty field keeps it). */
export function keepsStoredSecret(draft: ArchiveDraft, stored: Archive | null): boolean {
  return stored !== null && stored.hasSecret && secretDropReason(draft, stored) === null;
}

/** What to say when the secret field is empty and must not be. */
function missingSecret(draft: ArchiveDraft, stored: Archive | null): Problem {
  const reason = stored?.hasSecret ? secretDropReason(draft, stored) : null;
  if (draft.authKind === 'bearer') return reason === 'address' ? 'tokenAgainAddress' : 'token';
  if (reason === 'address') return 'passwordAgainAddress';
  if (reason === 'user') return 'passwordAgainUser';
  return 'password';
}

export function checkDraft(draft: ArchiveDraft, stored: Archive | null): DraftCheck {
  const problems: DraftCheck['problems'] = {};
  const name = draft.name.trim();
  const baseUrl = draft.baseUrl.trim();
  const user = draft.user.trim();
  if (name === '') problems.name = 'name';
  else if (name.length > NAME_MAX) problems.name = 'nameLong';
  if (!isHttpUrl(baseUrl)) problems.baseUrl = 'url';
  else if (hasAddressCredentials(baseUrl)) problems.baseUrl = 'urlCredentials';
  const secret = draft.secret === '' ? undefined : draft.secret;
  const needsSecret = secret === undefined && !keepsStoredSecret(draft, stored);
  let auth: ArchiveInput['auth'];
  if (draft.authKind === 'basic') {
    if (user === '' || user.length > USER_MAX) problems.user = 'user';
    if (needsSecret) problems.secret = missingSecret(draft, stored);
    auth = { kind: 'basic', user, ...(secret !== undefined ? { password: secret } : {}) };
  } else if (draft.authKind === 'bearer') {
    if (needsSecret) problems.secret = missingSecret(draft, stored);
    auth = { kind: 'bearer', ...(secret !== undefined ? { token: secret } : {}) };
  } else {
    auth = { kind: 'none' };
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const candidate = { ...(draft.id !== null ? { id: draft.id } : {}), name, baseUrl, auth };
  const parsed = ArchiveInputSchema.safeParse(candidate);
  if (!parsed.success) {
    // The contract is stricter than the checks above (a too long secret, say): name the field.
    const field = String(parsed.error.issues[0]?.path[0] ?? 'baseUrl');
    if (field === 'name') return { input: null, problems: { name: 'name' } };
    if (field === 'auth')
      return {
        input: null,
        problems: { secret: draft.authKind === 'bearer' ? 'token' : 'password' },
      };
    return { input: null, problems: { baseUrl: 'url' } };
  }
  return { input: parsed.data, problems: {} };
}

/** The draft differs from what is stored (a typed secret always counts as a change). */
export function isDirty(draft: ArchiveDraft, stored: Archive | null): boolean {
  if (stored === null) return true;
  const saved = draftFor(stored);
  return (
    draft.secret !== '' ||
    draft.name.trim() !== saved.name ||
    draft.baseUrl.trim() !== saved.baseUrl ||
    draft.authKind !== saved.authKind ||
    (draft.authKind === 'basic' && draft.user.trim() !== saved.user)
  );
}
