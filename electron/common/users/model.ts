/**
 * Pathologist profiles and the working session (issue 8: who is working). Pure: zod
 * schemas and the types inferred from them.
 *
 * A profile has a personal PIN (stored as a scrypt hash by the engine, never sent back).
 * The session has one current user, chosen at start; it locks after a period of
 * inactivity and unlocking asks for that user's PIN. Everything signed, changed or viewed
 * is attributed to the current user.
 */
import { z } from 'zod';

export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const UserIdSchema = z
  .string()
  .regex(USER_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');

/** 4 to 12 digits. */
export const PinSchema = z.string().regex(/^\d{4,12}$/, 'must be 4 to 12 digits');

export const UserProfileSchema = z.object({
  id: UserIdSchema,
  /** Full name as printed under a signature: "Claire Dupont". */
  name: z.string().min(1).max(120),
  /** "Dr", "Pr", "Interne"…: printed before the name. */
  title: z.string().max(40),
  initials: z.string().min(1).max(6),
  hasPin: z.boolean(),
  createdAt: z.string(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

export const UserProfileInputSchema = z
  .object({
    /** Absent to create a profile. */
    id: UserIdSchema.optional(),
    name: z.string().trim().min(1).max(120),
    title: z.string().trim().max(40),
    initials: z.string().trim().min(1).max(6),
  })
  .strict();

/** Lock after this many minutes without input; 0 never locks. */
export const LOCK_MINUTES = { min: 0, max: 240, default: 15 } as const;

export const UserSessionSchema = z.object({
  /** Who is working; null when nobody has been chosen yet. */
  user: UserProfileSchema.nullable(),
  /** True when the session is locked: nothing can be signed, changed or viewed until unlock. */
  locked: z.boolean(),
  lockAfterMinutes: z.number().int().min(LOCK_MINUTES.min).max(LOCK_MINUTES.max),
});
export type UserSession = z.infer<typeof UserSessionSchema>;
