/**
 * Which family an advertisement belongs to: by advertised service first (exact 128-bit match after
 * normalisation, PROTOCOLS.md §0), then by name. Services are checked in a fixed order so the result is
 * deterministic when a device advertises several.
 */
import { METAMOTION_NAME_PATTERN, METAMOTION_SERVICE_UUID } from './metamotion';
import { MOVESENSE_ALT_SERVICE_UUID, MOVESENSE_NAME_PATTERN, MOVESENSE_SERVICE_UUID } from './movesense';
import { NUS_SERVICE_UUID, OPEN_NAME_PATTERN } from './open-profile';
import { POLAR_NAME_PATTERN, POLAR_PMD_SERVICE_UUID } from './polar';
import { THINGY_CONFIGURATION_SERVICE_UUID, THINGY_MOTION_SERVICE_UUID, THINGY_NAME_PATTERN } from './thingy';
import type { SensorFamily } from './types';
import { normalizeUuid } from './uuid';
import { WITMOTION_NAME_PATTERN, WITMOTION_SERVICE_UUID } from './witmotion';

/** Service UUIDs (normalised) that identify a family on their own. */
export const FAMILY_SERVICES: readonly (readonly [string, SensorFamily])[] = [
  [POLAR_PMD_SERVICE_UUID, 'polar'],
  [METAMOTION_SERVICE_UUID, 'metamotion'],
  [MOVESENSE_SERVICE_UUID, 'movesense'],
  [MOVESENSE_ALT_SERVICE_UUID, 'movesense'],
  [THINGY_MOTION_SERVICE_UUID, 'thingy'],
  [THINGY_CONFIGURATION_SERVICE_UUID, 'thingy'],
  [WITMOTION_SERVICE_UUID, 'witmotion'],
  // NUS is generic (text-line trackers use it too); the open decoder rejects what is not our profile.
  [NUS_SERVICE_UUID, 'open'],
];

export const FAMILY_NAME_PATTERNS: readonly (readonly [RegExp, SensorFamily])[] = [
  [OPEN_NAME_PATTERN, 'open'],
  [POLAR_NAME_PATTERN, 'polar'],
  [MOVESENSE_NAME_PATTERN, 'movesense'],
  [METAMOTION_NAME_PATTERN, 'metamotion'],
  [THINGY_NAME_PATTERN, 'thingy'],
  [WITMOTION_NAME_PATTERN, 'witmotion'],
];

export interface Advertisement {
  name?: string;
  /** As noble reports them (`180f`, 32 hex digits) or as docs write them (dashes, upper case). */
  serviceUuids?: readonly string[];
}

/** The family, or undefined when nothing matches. Never throws on odd input. */
export function recognizeFamily(ad: Advertisement): SensorFamily | undefined {
  const advertised = new Set<string>();
  for (const u of ad.serviceUuids ?? []) {
    const n = typeof u === 'string' ? normalizeUuid(u) : undefined;
    if (n) advertised.add(n);
  }
  for (const [uuid, family] of FAMILY_SERVICES) if (advertised.has(uuid)) return family;
  const name = typeof ad.name === 'string' ? ad.name.trim() : '';
  if (name) for (const [pattern, family] of FAMILY_NAME_PATTERNS) if (pattern.test(name)) return family;
  return undefined;
}
