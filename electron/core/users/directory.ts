/**
 * What the rest of the engine needs to know of users: who is working now, and whether a
 * PIN is right. Implemented by the users service; reports (signing, drafts) and the audit
 * trail depend on this interface only.
 */
import type { UserProfile } from '../../common/users/model';

export interface UserDirectory {
  /** The user working now; null when nobody is chosen yet. */
  current(): UserProfile | null;
  /** True while the session is locked (after inactivity or on request). */
  isLocked(): boolean;
  /**
   * Checks a user's PIN in constant time; false when it is wrong or no PIN is set. Repeated
   * failures are throttled by the implementation: after 5 wrong PINs in a row it throws a
   * WorkstationError `unauthorized` (saying how long to wait) for 30 s.
   */
  verifyPin(userId: string, pin: string): boolean;
}
