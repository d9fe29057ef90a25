import { describe, expect, it } from 'vitest';
import { measureBleLatency, runBleLatencyBench } from '../../../src/bench/ble-latency';

describe('BLE latency benchmark', () => {
  it('pushes every notification through noble, decoder, timebase and engine, and finds the reps', async () => {
    const r = await measureBleLatency({ durationS: 60, samplesPerNotification: 4, warmupNotifications: 50 });
    expect(r.notifications).toBe(1500);
    expect(r.totalMs).toHaveLength(1450);
    expect(r.reps).toBeGreaterThanOrEqual(6);
    expect(r.withEventsMs.length).toBeGreaterThan(0);
    // Engine time is part of the total, never more.
    r.totalMs.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(r.engineMs[i] ?? Infinity));
  });

  it('renders a markdown table with median and p99', async () => {
    const md = await runBleLatencyBench({
      durationS: 20,
      samplesPerNotification: 4,
      warmupNotifications: 10,
    });
    expect(md).toMatch(/^\| path \| notifications \| median \| p99 \| max \|/);
    expect(md).toMatch(/\| notification -> engine events \(total\) \| +490 \| [\d.]+ ms \| [\d.]+ ms \|/);
    expect(md).toMatch(/Target p99 < 2 ms: (ok|MISS)\./);
  });
});
