import { SHORTCUTS } from '../keys';

interface LegendEntry {
  keys: readonly string[];
  label: string;
}

/** The keyboard legend, always on screen (from the same table the key handler reads). */
export function Shortcuts({
  shortcuts = SHORTCUTS,
  extra = [],
}: {
  shortcuts?: readonly LegendEntry[];
  extra?: LegendEntry[];
}) {
  return (
    <footer className="shortcuts" aria-label="Keyboard shortcuts" data-testid="shortcuts">
      {[...shortcuts, ...extra].map((s) => (
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
