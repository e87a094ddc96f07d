/**
 * One call of the contract: the zod schema of its argument and of its result. Kept apart
 * so that each domain (annotations, users, reports) declares its calls in its own file and
 * contract.ts only gathers them.
 */
import type { z } from 'zod';

export function call<A extends z.ZodType, R extends z.ZodType>(args: A, result: R) {
  return { args, result };
}
