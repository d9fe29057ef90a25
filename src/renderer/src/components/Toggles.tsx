/** Big on/off buttons for the screen's modes (chalky hands: large targets; the key is printed on them). */
export function Toggle({
  on,
  label,
  keyName,
  onToggle,
  testId,
}: {
  on: boolean;
  label: string;
  keyName: string;
  onToggle(): void;
  testId: string;
}) {
  return (
    <button
      type="button"
      className={`toggle ${on ? 'on' : 'off'}`}
      aria-pressed={on}
      onClick={onToggle}
      data-testid={testId}
    >
      {label} <strong>{on ? 'ON' : 'OFF'}</strong> <kbd>{keyName}</kbd>
    </button>
  );
}
