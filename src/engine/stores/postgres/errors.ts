import { UserError } from '../../../errors.js';

/** A Postgres problem the user can fix (URL, server down, extension missing, schema too new). */
export class DatabaseError extends UserError {
  override name = 'DatabaseError';
}
