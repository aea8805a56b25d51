/**
 * Errors whose message tells the user what to do (a missing model folder, an empty corpus, an
 * unknown document name…). Front ends show the message alone; any other error is a bug and
 * keeps its stack in the logs.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** An index on disk that is missing parts or disagrees with itself; the engine rebuilds it. */
export class CorruptIndexError extends Error {
  override name = 'CorruptIndexError';
}
