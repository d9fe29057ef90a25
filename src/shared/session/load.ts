import { InputError } from '../io/errors';
import type { Load } from './types';

/** Heaviest load accepted, in its own unit: past this it is a typo (1000 kg is beyond any bar). */
export const MAX_LOAD = 2000;

const LOAD_RE = /^(\d+(?:\.\d+)?)\s*(kg|kgs|lb|lbs)$/i;

/** Parses `100kg`, `102.5 kg`, `225lb`, `225 lbs` (the unit is required: a bare number is ambiguous). */
export function parseLoad(text: string): Load {
  const match = LOAD_RE.exec(text.trim());
  if (!match) {
    throw new InputError(`Load "${clip(text)}" must be a number with its unit, e.g. 100kg or 225lb`);
  }
  const value = Number(match[1]);
  if (!(value > 0) || value > MAX_LOAD) {
    throw new InputError(`Load "${clip(text)}" must be more than 0 and at most ${MAX_LOAD}`);
  }
  const unit = (match[2] ?? '').toLowerCase().startsWith('kg') ? 'kg' : 'lb';
  return { value, unit };
}

/** `100 kg`, `225 lb`. */
export function formatLoad(load: Load): string {
  return `${load.value} ${load.unit}`;
}

function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}...` : text;
}
