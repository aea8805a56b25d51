/** How every CLI command runs: errors become one line on stderr and exit code 1. */
import { describeError } from '../bootstrap/open-engine.js';

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`error: ${describeError(err)}\n`);
    process.exitCode = 1;
  }
}
