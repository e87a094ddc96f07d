import type { SliceCreator } from '../../state/types';
import type { TrackingApi } from './trackingApi';

/** Slide tracking keeps its state in its hooks; the store only hands out its calls. */
export interface TrackingSlice {
  trackingApi: TrackingApi;
}

export const createTrackingSlice: SliceCreator<TrackingSlice> = (deps) => () => ({
  trackingApi: deps.api,
});
