/**
 * The rack screen's keyboard shortcuts: one table, read both by the key handler and by the on-screen
 * legend, so what is shown is what works.
 */
export type ShortcutAction =
  | 'start-stop'
  | 'metronome'
  | 'unit'
  | 'auto'
  | 'focus-athlete'
  | 'focus-exercise'
  | 'focus-load'
  | 'focus-tempo'
  | 'leave-field';

export interface Shortcut {
  action: ShortcutAction;
  /** `KeyboardEvent.code`s (layout-independent: the key's place, not its letter). */
  codes: readonly string[];
  /** As shown on screen. */
  keys: readonly string[];
  label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'start-stop',
    codes: ['Space', 'Enter', 'NumpadEnter'],
    keys: ['Space', 'Enter'],
    label: 'start / stop',
  },
  { action: 'metronome', codes: ['KeyM'], keys: ['M'], label: 'metronome' },
  { action: 'unit', codes: ['KeyU'], keys: ['U'], label: 'kg / lb' },
  { action: 'auto', codes: ['KeyR'], keys: ['R'], label: 'auto-arm' },
  { action: 'focus-athlete', codes: ['KeyA'], keys: ['A'], label: 'athlete' },
  { action: 'focus-exercise', codes: ['KeyE'], keys: ['E'], label: 'exercise' },
  { action: 'focus-load', codes: ['KeyL'], keys: ['L'], label: 'load' },
  { action: 'focus-tempo', codes: ['KeyT'], keys: ['T'], label: 'tempo' },
  { action: 'leave-field', codes: ['Escape'], keys: ['Esc'], label: 'leave a field' },
];

/**
 * The action a key press means, or null. In a text field only Escape (leave it) counts, and Enter is
 * the form's own (start). On a focused button or select, Space and Enter keep their own meaning.
 */
export function shortcutFor(
  e: Pick<KeyboardEvent, 'code' | 'repeat' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  target: 'text' | 'control' | 'none',
): ShortcutAction | null {
  if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return null;
  const shortcut = SHORTCUTS.find((s) => s.codes.includes(e.code));
  if (!shortcut) return null;
  if (target === 'text') return shortcut.action === 'leave-field' ? shortcut.action : null;
  if (target === 'control' && shortcut.action === 'start-stop') return null;
  return shortcut.action;
}

/** The key shown for an action (its first). */
export function keyOf(action: ShortcutAction): string {
  return SHORTCUTS.find((s) => s.action === action)?.keys[0] ?? '';
}
