/**
 * The slide-tracking calls, typed from electron/common/tracking/calls.ts as contract.ts types
 * the whole Api (the store's Api includes them), so hooks can be tested with a small fake.
 */
import type { z } from 'zod';
import type { trackingCalls } from '../../../../electron/common/tracking/calls';

type Calls = typeof trackingCalls;
export type TrackingApi = {
  [M in keyof Calls]: (args: z.input<Calls[M]['args']>) => Promise<z.output<Calls[M]['result']>>;
};
