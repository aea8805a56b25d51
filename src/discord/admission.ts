/**
 * Admission control: a bounded queue in front of the answering work, served round-robin across
 * guilds (and DMs per user), so one busy server cannot starve the others, and so a burst is
 * answered in order of arrival within each server instead of all at once.
 */
import type { LoadProfile } from './load-profile.js';

export type Admit =
  | { ok: true; /** True when the work will wait for a slot: acknowledge the interaction first. */ wait: boolean }
  | { ok: false; /** Estimated wait before a retry would be accepted, whole seconds ≥ 1. */ retryAfterS: number };

interface Task {
  start: () => void;
  /** False until the task's gate (its defer) has settled. */
  ready: boolean;
}

export class Admission {
  #running = 0;
  #waiting = 0;
  /** Per fairness key, tasks in arrival order; Map iteration order is the round-robin order. */
  readonly #queues = new Map<string, Task[]>();
  #serviceMs: number;
  /** Acknowledgements in flight, and since when queued work has been held back for them. */
  #acking = 0;
  #heldSince: number | undefined;
  #holdTimer: NodeJS.Timeout | undefined;

  constructor(readonly profile: LoadProfile) {
    this.#serviceMs = profile.initialServiceMs;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting;
  }

  /** Whether work admitted now would have to wait for a slot. */
  get saturated(): boolean {
    return this.#waiting > 0 || this.#running >= this.profile.concurrency;
  }

  /** What would happen to a request arriving now (nothing is reserved). */
  check(): Admit {
    if (!this.saturated) return { ok: true, wait: false };
    if (this.#waiting >= this.profile.maxQueued) return { ok: false, retryAfterS: this.#retryAfterS() };
    return { ok: true, wait: true };
  }

  /**
   * Runs `work` when a slot is free, `key` taking its turn with the other keys. Callers check
   * first (`check()`); a full queue still takes the work rather than drop something already
   * acknowledged. With `after`, the work is not started before that promise settles: a queued
   * answer waits for its own defer, so under a burst the CPU goes to acknowledging every
   * interaction first and to computing answers second.
   */
  run<T>(key: string, work: () => Promise<T>, opts: { after?: Promise<unknown> } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#running++;
        const began = performance.now();
        // An async wrapper turns a synchronous throw into a rejection.
        (async () => work())()
          .then(resolve, reject)
          .finally(() => {
            const s = this.profile.serviceSmoothing;
            this.#serviceMs = (1 - s) * this.#serviceMs + s * (performance.now() - began);
            this.#running--;
            // Waiting work starts on the next turn of the event loop, after pending I/O: new
            // interactions get acknowledged before more answers are computed.
            setImmediate(() => this.#next());
          });
      };
      const task: Task = { start, ready: opts.after === undefined };
      if (task.ready && !this.saturated) {
        start();
        return;
      }
      const queue = this.#queues.get(key);
      if (queue) queue.push(task);
      else this.#queues.set(key, [task]);
      this.#waiting++;
      // A free slot may be left by gated tasks still waiting for their gate.
      if (task.ready) this.#next();
      void opts.after?.finally(() => {
        task.ready = true;
        this.#next();
      });
    });
  }

  /** Marks `ack` (a defer or a busy reply) as in flight: queued work yields to it (see ackPriorityMs). */
  acknowledging<T>(ack: Promise<T>): Promise<T> {
    this.#acking++;
    return ack.finally(() => {
      this.#acking--;
      if (this.#acking === 0) this.#next();
    });
  }

  #next(): void {
    while (this.#running < this.profile.concurrency && this.#waiting > 0) {
      if (this.#acking > 0) {
        this.#heldSince ??= performance.now();
        const left = this.profile.ackPriorityMs - (performance.now() - this.#heldSince);
        if (left > 0) {
          this.#holdTimer ??= setTimeout(() => {
            this.#holdTimer = undefined;
            this.#next();
          }, left);
          return;
        }
      }
      const task = this.#takeReady();
      if (!task) return;
      this.#heldSince = undefined;
      task.start();
    }
  }

  /** The first ready task of the first key that has one; that key goes to the back of the rotation. */
  #takeReady(): Task | undefined {
    for (const [key, queue] of this.#queues) {
      const i = queue.findIndex((t) => t.ready);
      if (i < 0) continue;
      const [task] = queue.splice(i, 1);
      this.#waiting--;
      this.#queues.delete(key);
      if (queue.length > 0) this.#queues.set(key, queue);
      return task;
    }
    return undefined;
  }

  /** Time to work through what is queued and running now, at the measured service time. */
  #retryAfterS(): number {
    const ahead = this.#waiting + this.#running;
    return Math.max(1, Math.ceil((ahead * this.#serviceMs) / this.profile.concurrency / 1000));
  }
}
