/**
 * The case-in-context calls the case screen makes, typed from
 * electron/common/caseContext/calls.ts as reportApi.ts types the report's (the store's Api
 * includes them), so the components can be tested with a small fake holding only these.
 */
import type { z } from 'zod';
import type { caseContextCalls } from '../../../../electron/common/caseContext/calls';

type Calls = typeof caseContextCalls;
export type CaseContextApi = {
  [M in keyof Calls]: (args: z.input<Calls[M]['args']>) => Promise<z.output<Calls[M]['result']>>;
};
