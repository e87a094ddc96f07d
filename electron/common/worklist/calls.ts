/** The contract's calls for the sign-out day's worklist: assignment, filters remembered per user, case moves (issue 9). */
export const worklistCalls = {} as const;
