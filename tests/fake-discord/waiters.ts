/**
 * Promise-based waiting on the fake's state. Everything that changes state calls
 * `ChangeFeed.notify()`; waiters re-run their check on every notification, so a
 * condition that already holds resolves immediately and no event can be "missed"
 * between a test's action and its wait.
 */

export class FakeDiscordError extends Error {
  override name = 'FakeDiscordError';
}

export class FakeDiscordTimeoutError extends FakeDiscordError {
  override name = 'FakeDiscordTimeoutError';
}

export interface WaitOptions {
  /** Defaults to the FakeDiscord's `defaultTimeoutMs` (5000 unless configured). */
  timeoutMs?: number;
}

interface Waiter {
  check(): boolean;
  fail(error: Error): void;
}

export class ChangeFeed {
  readonly #waiters = new Set<Waiter>();
  #closedReason: string | null = null;

  constructor(private readonly defaultTimeoutMs: number) {}

  notify(): void {
    // Copy: a satisfied waiter removes itself while we iterate.
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /**
   * Resolves with the first non-undefined value returned by `check`.
   * `describe` is evaluated only on timeout so it can summarise what *was* seen,
   * which is what makes a failing e2e test debuggable.
   */
  waitFor<T>(
    check: () => T | undefined,
    what: string,
    options: WaitOptions = {},
    describe?: () => string,
  ): Promise<T> {
    if (this.#closedReason !== null) {
      return Promise.reject(new FakeDiscordError(`Cannot wait for ${what}: ${this.#closedReason}`));
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = check();
          } catch (error) {
            waiter.fail(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (value === undefined) return false;
          this.#waiters.delete(waiter);
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        fail: (error) => {
          this.#waiters.delete(waiter);
          clearTimeout(timer);
          reject(error);
        },
      };
      if (waiter.check()) return;
      this.#waiters.add(waiter);
      timer = setTimeout(() => {
        const detail = describe ? `\n${describe()}` : '';
        waiter.fail(new FakeDiscordTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${what}.${detail}`));
      }, timeoutMs);
    });
  }

  /** Rejects every pending waiter; used by `stop()` so no test hangs on a dead fake. */
  close(reason: string): void {
    this.#closedReason = reason;
    for (const waiter of [...this.#waiters]) waiter.fail(new FakeDiscordError(`Stopped while waiting: ${reason}`));
  }
}
