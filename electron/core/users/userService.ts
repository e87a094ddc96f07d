/**
 * Pathologist profiles and the working session (issue 8): who is working, whether the
 * session is locked, and PIN checks with throttling. Implements UserDirectory for the rest
 * of the engine (reports ask isLocked() before changing anything).
 *
 * The current user lives in memory: after a restart somebody must choose their profile
 * again. The lock delay is kept in workstation.db (settings table).
 */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../common/errors';
import type { UserProfile, UserSession } from '../../common/users/model';
import { LOCK_MINUTES } from '../../common/users/model';
import type { AuditLog } from '../audit/auditLog';
import type { WorkstationDb } from '../db/open';
import type { UserDirectory } from './directory';
import type { ScryptParams } from './pinHash';
import { DEFAULT_SCRYPT, hashPin, verifyPinHash, verifyPinHashSync } from './pinHash';

/** Wrong PINs in a row before a profile is refused for a while. */
export const MAX_PIN_FAILURES = 5;
/** How long a profile is refused after MAX_PIN_FAILURES wrong PINs. */
export const PIN_LOCKOUT_MS = 30_000;
const LOCK_SETTING = 'session.lockAfterMinutes';

interface UserRow {
  id: string;
  name: string;
  title: string;
  initials: string;
  pin_hash: string | null;
  created_at: string;
}

function profile(row: UserRow): UserProfile {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    initials: row.initials,
    hasPin: row.pin_hash !== null,
    createdAt: row.created_at,
  };
}

export interface UserServiceOptions {
  audit: AuditLog;
  now?: () => number;
  scrypt?: ScryptParams;
}

export class UserService implements UserDirectory {
  private currentId: string | null = null;
  private locked = false;
  private readonly failures = new Map<string, { count: number; until: number }>();
  private readonly audit: AuditLog;
  private readonly now: () => number;
  private readonly scrypt: ScryptParams;

  constructor(
    private readonly db: WorkstationDb,
    options: UserServiceOptions,
  ) {
    this.audit = options.audit;
    this.now = options.now ?? Date.now;
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  }

  private row(userId: string): UserRow {
    const row = this.db
      .prepare<[string], UserRow>('SELECT * FROM users WHERE id = ? AND removed_at IS NULL')
      .get(userId);
    if (!row) throw new WorkstationError('not_found', 'This profile does not exist (any more).');
    return row;
  }

  /**
   * Profiles and the lock delay cannot change behind a locked screen (removing the user
   * who locked it would unlock it); choosing another profile, with its PIN, still works.
   */
  private assertUnlocked(): void {
    if (this.locked)
      throw new WorkstationError('locked', 'The workstation is locked: unlock it first.');
  }

  list(): UserProfile[] {
    return this.db
      .prepare<[], UserRow>(
        'SELECT * FROM users WHERE removed_at IS NULL ORDER BY name COLLATE NOCASE, id',
      )
      .all()
      .map(profile);
  }

  save(input: { id?: string | undefined; name: string; title: string; initials: string }) {
    this.assertUnlocked();
    if (input.id === undefined) {
      const id = randomUUID();
      this.db
        .prepare('INSERT INTO users (id, name, title, initials, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.name, input.title, input.initials, new Date(this.now()).toISOString());
      this.audit.record('user.create', { type: 'user', id });
      return profile(this.row(id));
    }
    this.row(input.id);
    this.db
      .prepare('UPDATE users SET name = ?, title = ?, initials = ? WHERE id = ?')
      .run(input.name, input.title, input.initials, input.id);
    this.audit.record('user.update', { type: 'user', id: input.id });
    return profile(this.row(input.id));
  }

  /** Sets a first PIN, or changes one given the current PIN. */
  async setPin(userId: string, pin: string, currentPin?: string): Promise<UserProfile> {
    this.assertUnlocked();
    const row = this.row(userId);
    if (row.pin_hash !== null) {
      if (currentPin === undefined)
        throw new WorkstationError('unauthorized', 'Enter the current PIN to change it.');
      if (!(await this.checkPin(userId, currentPin)))
        throw new WorkstationError('unauthorized', 'The current PIN is wrong.');
    }
    const hash = await hashPin(pin, this.scrypt);
    this.db.prepare('UPDATE users SET pin_hash = ? WHERE id = ?').run(hash, userId);
    this.audit.record(row.pin_hash === null ? 'user.pin.set' : 'user.pin.change', {
      type: 'user',
      id: userId,
    });
    return profile(this.row(userId));
  }

  /** The row stays (removed_at): the trail and signatures still name the profile. */
  remove(userId: string): void {
    this.assertUnlocked();
    this.row(userId);
    this.db
      .prepare('UPDATE users SET removed_at = ? WHERE id = ?')
      .run(new Date(this.now()).toISOString(), userId);
    this.audit.record('user.remove', { type: 'user', id: userId });
    if (this.currentId === userId) {
      this.currentId = null;
      this.locked = false;
    }
  }

  lockAfterMinutes(): number {
    const row = this.db
      .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
      .get(LOCK_SETTING);
    const n = row ? Number(JSON.parse(row.value)) : NaN;
    return Number.isInteger(n) && n >= LOCK_MINUTES.min && n <= LOCK_MINUTES.max
      ? n
      : LOCK_MINUTES.default;
  }

  setLockAfterMinutes(minutes: number): UserSession {
    this.assertUnlocked();
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(LOCK_SETTING, JSON.stringify(minutes));
    this.audit.record('session.lock_delay', undefined, { minutes });
    return this.session();
  }

  session(): UserSession {
    return { user: this.current(), locked: this.locked, lockAfterMinutes: this.lockAfterMinutes() };
  }

  /** Chooses who is working (at start or as a quick switch), with that user's PIN. */
  async choose(userId: string, pin: string): Promise<UserSession> {
    const row = this.row(userId);
    if (row.pin_hash === null)
      throw new WorkstationError(
        'unauthorized',
        'This profile has no PIN yet: set one in Settings → Pathologists.',
      );
    if (!(await this.checkPin(userId, pin)))
      throw new WorkstationError('unauthorized', 'Wrong PIN.');
    const previous = this.currentId;
    this.currentId = userId;
    this.locked = false;
    this.audit.record(
      previous === null ? 'session.choose' : 'session.switch',
      { type: 'user', id: userId },
      previous === null ? undefined : { from: previous },
    );
    return this.session();
  }

  lock(): UserSession {
    if (this.currentId !== null && !this.locked) {
      this.locked = true;
      this.audit.record('session.lock', { type: 'user', id: this.currentId });
    }
    return this.session();
  }

  /** Unlocks with the PIN of the user who locked; another user switches instead (choose). */
  async unlock(pin: string): Promise<UserSession> {
    if (this.currentId === null)
      throw new WorkstationError(
        'locked',
        'Nobody is working on this workstation: choose a profile.',
      );
    if (!this.locked) return this.session();
    const userId = this.currentId;
    if (!(await this.checkPin(userId, pin)))
      throw new WorkstationError('unauthorized', 'Wrong PIN.');
    // Someone may have switched or removed the profile while the PIN was being checked.
    if (this.currentId !== userId) return this.session();
    this.locked = false;
    this.audit.record('session.unlock', { type: 'user', id: this.currentId });
    return this.session();
  }

  current(): UserProfile | null {
    if (this.currentId === null) return null;
    const row = this.db
      .prepare<[string], UserRow>('SELECT * FROM users WHERE id = ? AND removed_at IS NULL')
      .get(this.currentId);
    return row ? profile(row) : null;
  }

  isLocked(): boolean {
    return this.locked;
  }

  /**
   * Constant-time PIN check on the calling thread (UserDirectory). After MAX_PIN_FAILURES
   * wrong PINs in a row the profile is refused for PIN_LOCKOUT_MS: during that time this
   * throws `unauthorized` (saying how long to wait) without looking at the PIN. Every
   * wrong PIN is recorded in the trail.
   */
  verifyPin(userId: string, pin: string): boolean {
    const stored = this.storedHash(userId);
    return this.settle(userId, stored !== null && verifyPinHashSync(pin, stored));
  }

  /** verifyPin off the event loop, for the contract's calls. */
  async checkPin(userId: string, pin: string): Promise<boolean> {
    const stored = this.storedHash(userId);
    return this.settle(userId, stored !== null && (await verifyPinHash(pin, stored)));
  }

  /** Throws while the profile is refused; otherwise the stored hash (null: no PIN). */
  private storedHash(userId: string): string | null {
    const now = this.now();
    const state = this.failures.get(userId);
    if (state && state.until > now) {
      const seconds = Math.ceil((state.until - now) / 1000);
      throw new WorkstationError(
        'unauthorized',
        `Too many wrong PINs for this profile: try again in ${seconds} s.`,
      );
    }
    const row = this.db
      .prepare<[string], { pin_hash: string | null }>(
        'SELECT pin_hash FROM users WHERE id = ? AND removed_at IS NULL',
      )
      .get(userId);
    return row?.pin_hash ?? null;
  }

  private settle(userId: string, ok: boolean): boolean {
    if (ok) {
      this.failures.delete(userId);
      return true;
    }
    const count = (this.failures.get(userId)?.count ?? 0) + 1;
    const lockedOut = count >= MAX_PIN_FAILURES;
    this.failures.set(userId, {
      count: lockedOut ? 0 : count,
      until: lockedOut ? this.now() + PIN_LOCKOUT_MS : 0,
    });
    this.audit.record('session.pin_failed', { type: 'user', id: userId }, { failures: count });
    if (lockedOut)
      throw new WorkstationError(
        'unauthorized',
        `Wrong PIN, ${MAX_PIN_FAILURES} times in a row: this profile is refused for ${PIN_LOCKOUT_MS / 1000} s.`,
      );
    return false;
  }
}
