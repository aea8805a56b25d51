/**
 * Cooperative time slicing for long synchronous work. An index update of a large corpus is
 * seconds to minutes of CPU on the thread that also serves Discord: if it never hands the event
 * loop back, interactions miss their 3-second acknowledgement deadline and answers stop until the
 * update ends. Work that runs in steps calls `tick()` between steps; every SLICE_MS it yields to
 * the event loop (timers, sockets), so the bot keeps answering from the old index meanwhile.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Long enough that yielding costs nothing measurable (one setImmediate per slice), short enough
 * that an acknowledgement or a warm answer (tens of ms) waits at most about one slice.
 */
export const SLICE_MS = 20;

export class TimeSlicer {
  #sliceStart = performance.now();

  constructor(private readonly sliceMs: number = SLICE_MS) {}

  /** Yields to the event loop when the current slice has used its time; otherwise returns at once. */
  async tick(): Promise<void> {
    if (performance.now() - this.#sliceStart < this.sliceMs) return;
    await yieldToEventLoop();
    this.#sliceStart = performance.now();
  }
}

/**
 * Work written as a generator that yields between steps and returns its result: runs it to the
 * end synchronously (for callers with no event loop to share: scripts, tests).
 */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, yielding to the event loop between steps as `slicer` decides. */
export async function runStepsSliced<T>(steps: Generator<void, T>, slicer: TimeSlicer): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await slicer.tick();
  }
}
