/**
 * The review and history screens' shortcuts: one table per screen, read by its key handler and by the
 * on-screen legend (as keys.ts does for the rack screen), so what is shown is what works.
 */
export interface ScreenKey<A extends string> {
  action: A;
  /** `KeyboardEvent.code`s. */
  codes: readonly string[];
  keys: readonly string[];
  label: string;
  /** Also taken while typing in a field (only leaving it is). */
  inFields?: boolean;
}

export type ReviewAction =
  'prev-rep' | 'next-rep' | 'prev-set' | 'next-set' | 'focus-tempo' | 'import' | 'leave-field';

export const REVIEW_KEYS: readonly ScreenKey<ReviewAction>[] = [
  { action: 'prev-rep', codes: ['ArrowLeft'], keys: ['←'], label: 'previous rep' },
  { action: 'next-rep', codes: ['ArrowRight'], keys: ['→'], label: 'next rep (its curve)' },
  { action: 'prev-set', codes: ['ArrowUp'], keys: ['↑'], label: 'previous set' },
  { action: 'next-set', codes: ['ArrowDown'], keys: ['↓'], label: 'next set' },
  { action: 'focus-tempo', codes: ['KeyT'], keys: ['T'], label: 're-analyse (tempo, Enter)' },
  { action: 'import', codes: ['KeyI'], keys: ['I'], label: 'import a file' },
  { action: 'leave-field', codes: ['Escape'], keys: ['Esc'], label: 'leave a field', inFields: true },
];

export type HistoryAction =
  'prev-session' | 'next-session' | 'open' | 'rename' | 'notes' | 'delete' | 'filter' | 'leave-field';

export const HISTORY_KEYS: readonly ScreenKey<HistoryAction>[] = [
  { action: 'prev-session', codes: ['ArrowUp'], keys: ['↑'], label: 'previous' },
  { action: 'next-session', codes: ['ArrowDown'], keys: ['↓'], label: 'next' },
  { action: 'open', codes: ['Enter', 'NumpadEnter'], keys: ['Enter'], label: 'open its review' },
  { action: 'rename', codes: ['KeyN'], keys: ['N'], label: 'rename' },
  { action: 'notes', codes: ['KeyO'], keys: ['O'], label: 'notes' },
  { action: 'delete', codes: ['Delete'], keys: ['Del'], label: 'delete (asks first)' },
  { action: 'filter', codes: ['KeyF'], keys: ['F'], label: 'filter' },
  {
    action: 'leave-field',
    codes: ['Escape'],
    keys: ['Esc'],
    label: 'leave a field / cancel',
    inFields: true,
  },
];

/**
 * The action a key press means on a screen, or null. In a text field only `inFields` keys count; on a
 * focused button Enter and Space stay the button's own.
 */
export function screenKeyAction<A extends string>(
  keys: readonly ScreenKey<A>[],
  e: Pick<KeyboardEvent, 'code' | 'repeat' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): A | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = keys.find((k) => k.codes.includes(e.code));
  if (!key) return null;
  const el = e.target;
  const inField = el instanceof HTMLElement && el.matches('input, textarea, select');
  if (inField && !key.inFields) return null;
  if (el instanceof HTMLElement && el.matches('button, a[href]') && key.codes.includes('Enter')) return null;
  return key.action;
}
