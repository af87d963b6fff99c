/**
 * Two clocks, as a browser's worker sees them: the wall clock (`Date.now()`, which the visitor or the
 * system may set) and the monotonic one (`performance.now()`, which never jumps). Timers run on fake
 * time (vi.useFakeTimers); `setSystemTime` keeps pending timers at their distance, as browsers' timers
 * (on monotonic ticks) do when the wall clock is changed.
 *
 * A laptop sleep: nothing runs while the machine is suspended; at wake the wall clock has moved by
 * the sleep, and so have alarms (Chromium's alarms are wall-clock times), so an overdue alarm fires.
 * The monotonic clocks Chromium and Firefox read (CLOCK_MONOTONIC on Linux, mach ticks on macOS) stop
 * during suspend, so `performance.now()` did not move (`monoAdvances` false); on systems whose
 * monotonic clock counts suspend it moved with the wall clock (true). Pending timers keep their
 * distance either way (modelled; not measured here).
 */
import { vi } from 'vitest';

const START = Date.UTC(2026, 11, 7, 9, 0, 0);

export class Clocks {
  /** Wall clock minus monotonic clock: moved by clock changes, sleeps without ticks and drift. */
  private offset = START;
  /** Wall clock minus real time (sleeps included): moved by clock changes and drift only. */
  private wrong = START;
  /** Wall-clock milliseconds gained per millisecond of real time (drift). */
  driftPerMs = 0;

  install(): void {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      now: START,
    });
    vi.spyOn(performance, 'now').mockImplementation(() => this.mono());
  }

  /** `performance.now()`: milliseconds of real, awake time. */
  mono(): number {
    return Date.now() - this.offset;
  }

  /** Milliseconds that really passed, sleeps included: what a site's budget is about. */
  real(): number {
    return Date.now() - this.wrong;
  }

  /** True time, as servers' clocks read it: real time since the start, whatever the visitor's clock says. */
  trueNow(): number {
    return START + this.real();
  }

  /** Real time passes: timers fire in order; the wall clock drifts by `driftPerMs`. */
  async advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    const drift = Math.round(ms * this.driftPerMs);
    if (drift !== 0) {
      vi.setSystemTime(Date.now() + drift);
      this.offset += drift;
      this.wrong += drift;
    }
  }

  /** The system clock is set: only the wall clock moves. */
  jump(byMs: number): void {
    vi.setSystemTime(Date.now() + byMs);
    this.offset += byMs;
    this.wrong += byMs;
  }

  /** The machine sleeps `ms` with the worker alive (see the file's comment for `monoAdvances`). */
  sleep(ms: number, monoAdvances: boolean): void {
    vi.setSystemTime(Date.now() + ms);
    if (!monoAdvances) this.offset += ms;
  }
}
