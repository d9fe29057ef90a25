import { useEffect, useState } from 'react';
import { beep } from '../beep';

const FLASH_MS = 1500;

/** Full-width red flash + beep each time the rushed counter goes up; the lifter needs no screen focus. */
export function RushedFlash({ count }: { count: number }) {
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (count === 0) return;
    setVisible(true);
    beep();
    const timer = window.setTimeout(() => setVisible(false), FLASH_MS);
    return () => window.clearTimeout(timer);
  }, [count]);

  if (!visible) return null;
  return (
    <div className="rushed-flash" role="alert" data-testid="rushed-flash">
      RUSHED
    </div>
  );
}
