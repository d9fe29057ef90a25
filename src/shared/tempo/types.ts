/** A parsed tempo prescription, in seconds, in the notation's order: eccentric, bottom pause, concentric, top pause. null = X (explosive, no target). */
export interface Prescription {
  eccentricS: number | null;
  bottomPauseS: number | null;
  concentricS: number | null;
  topPauseS: number | null;
  /** An eccentric shorter than tolerance x eccentricS is rushed; other phases are within tolerance when within that ratio of their target. Default 0.8. */
  tolerance: number;
}
