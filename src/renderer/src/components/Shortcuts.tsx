import { SHORTCUTS } from '../keys';

/** The keyboard legend, always on screen (from the same table the key handler reads). */
export function Shortcuts({ extra = [] }: { extra?: { keys: string[]; label: string }[] }) {
  return (
    <footer className="shortcuts" aria-label="Keyboard shortcuts" data-testid="shortcuts">
      {[...SHORTCUTS, ...extra].map((s) => (
        <span key={s.label} className="shortcut">
          {s.keys.map((k) => (
            <kbd key={k}>{k}</kbd>
          ))}{' '}
          {s.label}
        </span>
      ))}
    </footer>
  );
}
