/** The contract's user and session calls (common/users/calls.ts), over the UserService. */
import type { Handlers } from '../../common/contract';
import type { userCalls } from '../../common/users/calls';
import type { UserService } from './userService';

export function userHandlers(users: UserService): Pick<Handlers, keyof typeof userCalls> {
  return {
    listUsers: () => users.list(),
    saveUser: (input) => users.save(input),
    setUserPin: ({ userId, pin, currentPin }) => users.setPin(userId, pin, currentPin),
    removeUser: ({ userId }) => {
      users.remove(userId);
      return {};
    },
    getSession: () => users.session(),
    chooseUser: ({ userId, pin }) => users.choose(userId, pin),
    lockSession: () => users.lock(),
    unlockSession: ({ pin }) => users.unlock(pin),
    setLockAfterMinutes: ({ minutes }) => users.setLockAfterMinutes(minutes),
  };
}
