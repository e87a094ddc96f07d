/** The case-in-context calls, reachable from components (as reportSlice gives the report's). */
import type { SliceCreator } from '../../state/types';
import type { CaseContextApi } from './caseContextApi';

export interface CaseContextSlice {
  caseContextApi: CaseContextApi;
}

export const createCaseContextSlice: SliceCreator<CaseContextSlice> = (deps) => () => ({
  caseContextApi: deps.api,
});
