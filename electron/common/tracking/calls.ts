/** The contract's calls for slide tracking: which tissue was seen, at which magnification (issue 6). */
export const trackingCalls = {} as const;
