/**
 * The archive form as data: what the user typed, and whether it makes a valid
 * `saveArchive` input. Pure, so the rules (http(s) only, an empty password keeps the stored
 * one) are tested without React.
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
export type Problem = 'name' | 'nameLong' | 'url' | 'user' | 'password' | 'token';

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

/** Whether a secret is stored for this kind of authentication (so an empty field keeps it). */
export function keepsStoredSecret(draft: ArchiveDraft, stored: Archive | null): boolean {
  return stored !== null && stored.authKind === draft.authKind && stored.hasSecret;
}

export function checkDraft(draft: ArchiveDraft, stored: Archive | null): DraftCheck {
  const problems: DraftCheck['problems'] = {};
  const name = draft.name.trim();
  const baseUrl = draft.baseUrl.trim();
  const user = draft.user.trim();
  if (name === '') problems.name = 'name';
  else if (name.length > NAME_MAX) problems.name = 'nameLong';
  if (!isHttpUrl(baseUrl)) problems.baseUrl = 'url';
  const secret = draft.secret === '' ? undefined : draft.secret;
  const needsSecret = secret === undefined && !keepsStoredSecret(draft, stored);
  let auth: ArchiveInput['auth'];
  if (draft.authKind === 'basic') {
    if (user === '' || user.length > USER_MAX) problems.user = 'user';
    if (needsSecret) problems.secret = 'password';
    auth = { kind: 'basic', user, ...(secret !== undefined ? { password: secret } : {}) };
  } else if (draft.authKind === 'bearer') {
    if (needsSecret) problems.secret = 'token';
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
