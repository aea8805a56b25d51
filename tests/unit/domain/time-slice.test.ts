import { describe, expect, it } from 'vitest';
import { runSteps, runStepsSliced, TimeSlicer } from '../../../src/domain/time-slice.js';

function* counted(n: number, seen: number[]): Generator<void, number> {
  for (let i = 0; i < n; i++) {
    seen.push(i);
    yield;
  }
  return n * 10;
}

/** Counts event-loop turns (a chain of setImmediate) until stopped. */
function turnCounter(): { stop: () => number } {
  let turns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

describe('time slicing', () => {
  it('runs stepwise work to its result, synchronously or sliced', async () => {
    const seen: number[] = [];
    expect(runSteps(counted(3, seen))).toBe(30);
    expect(await runStepsSliced(counted(4, seen), new TimeSlicer(0))).toBe(40);
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 3]);
  });

  it('hands the event loop back once a slice has used its time, and not before', async () => {
    const yielding = turnCounter();
    await runStepsSliced(counted(50, []), new TimeSlicer(0));
    expect(yielding.stop()).toBeGreaterThanOrEqual(45);

    const holding = turnCounter();
    await runStepsSliced(counted(50, []), new TimeSlicer(60_000));
    expect(holding.stop()).toBe(0);
  });
});
