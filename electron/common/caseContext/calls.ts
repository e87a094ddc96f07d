/** The contract's calls for the case in context: parts and blocks, prior cases, stain requests (issue 9). */
export const caseContextCalls = {} as const;
