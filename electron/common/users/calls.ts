/** The contract's calls for pathologist profiles and the session (see model.ts). */
import { z } from 'zod';
import { call } from '../call';
import {
  LOCK_MINUTES,
  PinSchema,
  UserIdSchema,
  UserProfileInputSchema,
  UserProfileSchema,
  UserSessionSchema,
} from './model';

const Empty = z.object({}).strict();

export const userCalls = {
  listUsers: call(Empty, z.array(UserProfileSchema)),
  saveUser: call(UserProfileInputSchema, UserProfileSchema),
  /** Sets or changes a PIN; changing one asks for the current PIN. */
  setUserPin: call(
    z.object({ userId: UserIdSchema, pin: PinSchema, currentPin: PinSchema.optional() }).strict(),
    UserProfileSchema,
  ),
  removeUser: call(z.object({ userId: UserIdSchema }).strict(), z.object({})),
  getSession: call(Empty, UserSessionSchema),
  /** Chooses who is working (at start or as a quick switch); asks for that user's PIN. */
  chooseUser: call(z.object({ userId: UserIdSchema, pin: PinSchema }).strict(), UserSessionSchema),
  lockSession: call(Empty, UserSessionSchema),
  unlockSession: call(z.object({ pin: PinSchema }).strict(), UserSessionSchema),
  setLockAfterMinutes: call(
    z.object({ minutes: z.number().int().min(LOCK_MINUTES.min).max(LOCK_MINUTES.max) }).strict(),
    UserSessionSchema,
  ),
} as const;
