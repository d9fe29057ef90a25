import type { SensorStatus } from '../../../shared/ipc/contract';

export function StatusBanner({
  sensor,
  sessionError,
}: {
  sensor: SensorStatus | null;
  sessionError: string | null;
}) {
  if (sessionError) {
    return (
      <div className="banner banner-error" role="alert">
        {sessionError}
      </div>
    );
  }
  if (!sensor) return null;
  const kind = sensor.source === 'simulated' ? 'Simulated sensor' : 'Bluetooth sensor';
  return (
    <div
      className={`banner ${sensor.connected ? 'banner-info' : 'banner-warn'}`}
      role="status"
      data-testid="sensor-banner"
    >
      <strong>
        {kind} · {sensor.connected ? 'connected' : 'not connected'}
      </strong>
      {sensor.message ? <span> — {sensor.message}</span> : null}
    </div>
  );
}
