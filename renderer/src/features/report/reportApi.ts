/**
 * The report calls the editor makes, typed from electron/common/reports/calls.ts the same
 * way contract.ts types the whole Api (the store's Api includes them), so the editor's
 * components and hooks can be tested with a small fake holding only these.
 */
import type { z } from 'zod';
import type { reportCalls } from '../../../../electron/common/reports/calls';

type Calls = typeof reportCalls;
export type ReportApi = {
  [M in keyof Calls]: (args: z.input<Calls[M]['args']>) => Promise<z.output<Calls[M]['result']>>;
};
