/**
 * Who is working (issue 8): the profiles, the session (current user, locked, lock delay)
 * and the calls that change them. A slice of the one store (state/store.ts).
 */
import type { UserProfile, UserSession } from '../../../../electron/common/users/model';
import type { ErrorInfo, SliceCreator } from '../../state/types';
import { errorInfo } from '../../state/types';

/** What a call answered: its value, or why it failed (shown beside the form). */
export type UserOutcome<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface UsersSlice {
  /** null until the engine has answered once. */
  session: UserSession | null;
  users: UserProfile[] | null;
  /** Why the profiles or the session could not be read or locked; shown in Settings. */
  usersError: ErrorInfo | null;
  loadUsers: () => Promise<void>;
  /** Reads the session again (other windows may have locked or switched it). */
  refreshSession: () => Promise<void>;
  /** Saves a profile; a new one gets its first PIN in the same step (`pin`). */
  saveUser: (
    input: { id?: string; name: string; title: string; initials: string },
    pin?: string,
  ) => Promise<UserOutcome<UserProfile>>;
  setUserPin: (
    userId: string,
    pin: string,
    currentPin?: string,
  ) => Promise<UserOutcome<UserProfile>>;
  removeUser: (userId: string) => Promise<UserOutcome<null>>;
  chooseUser: (userId: string, pin: string) => Promise<UserOutcome<UserSession>>;
  lockSession: () => Promise<void>;
  unlockSession: (pin: string) => Promise<UserOutcome<UserSession>>;
  setLockAfterMinutes: (minutes: number) => Promise<UserOutcome<UserSession>>;
}

export const createUsersSlice: SliceCreator<UsersSlice> =
  ({ api }) =>
  (set, get) => {
    const run = async <T>(fn: () => Promise<T>): Promise<UserOutcome<T>> => {
      try {
        return { ok: true, value: await fn() };
      } catch (e) {
        return { ok: false, error: errorInfo(e) };
      }
    };
    const withSession = async (fn: () => Promise<UserSession>) =>
      run(async () => {
        const session = await fn();
        set({ session });
        return session;
      });
    const thenReload = async <T>(outcome: UserOutcome<T>) => {
      await get().loadUsers();
      return outcome;
    };
    return {
      session: null,
      users: null,
      usersError: null,
      loadUsers: async () => {
        try {
          const [users, session] = await Promise.all([api.listUsers({}), api.getSession({})]);
          set({ users, session, usersError: null });
        } catch (e) {
          set({ usersError: errorInfo(e) });
        }
      },
      refreshSession: async () => {
        try {
          const session = await api.getSession({});
          const current = get().session;
          if (JSON.stringify(current) !== JSON.stringify(session)) set({ session });
        } catch {
          // The connection banner says when the engine is gone.
        }
      },
      saveUser: async (input, pin) =>
        thenReload(
          await run(async () => {
            const saved = await api.saveUser(input);
            // Before the list is read again: a profile without its PIN would show meanwhile.
            return pin === undefined ? saved : api.setUserPin({ userId: saved.id, pin });
          }),
        ),
      setUserPin: async (userId, pin, currentPin) =>
        thenReload(
          await run(() =>
            api.setUserPin({ userId, pin, ...(currentPin === undefined ? {} : { currentPin }) }),
          ),
        ),
      removeUser: async (userId) =>
        thenReload(await run(() => api.removeUser({ userId }).then(() => null))),
      chooseUser: (userId, pin) => withSession(() => api.chooseUser({ userId, pin })),
      lockSession: async () => {
        const outcome = await withSession(() => api.lockSession({}));
        if (!outcome.ok) set({ usersError: outcome.error });
      },
      unlockSession: (pin) => withSession(() => api.unlockSession({ pin })),
      setLockAfterMinutes: (minutes) => withSession(() => api.setLockAfterMinutes({ minutes })),
    };
  };
