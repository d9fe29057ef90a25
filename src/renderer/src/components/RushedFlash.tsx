import { useEffect, useState } from 'react';
import { beep } from '../beep';
import type { RushedAlert } from '../model';

const FLASH_MS = 1500;

/**
 * Full-width red flash + beep for each new rushed warning; the lifter needs no screen focus. A warning
 * the set's final reps take back stops flashing at once.
 */
export function RushedFlash({ alert }: { alert: RushedAlert | null }) {
  const [visible, setVisible] = useState(false);
  const seq = alert?.seq ?? 0;

  useEffect(() => {
    if (seq === 0) return;
    setVisible(true);
    beep();
    const timer = window.setTimeout(() => setVisible(false), FLASH_MS);
    return () => window.clearTimeout(timer);
  }, [seq]);

  if (!visible || !alert || alert.withdrawn) return null;
  return (
    <div className="rushed-flash" role="alert" data-testid="rushed-flash">
      RUSHED
    </div>
  );
}
