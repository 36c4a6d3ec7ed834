import { z } from 'zod';
import type { Db } from '../db/db';

const positionRow = z.object({ position: z.number().int().nonnegative() });

/** How far a background job has read a log (job_cursors), so a restart carries on where it stopped. */
export class JobCursorStore {
  constructor(private readonly db: Db) {}

  /** The job's position; 0 for a job that never ran. */
  async get(name: string): Promise<number> {
    const rows = await this.db.query('SELECT position FROM job_cursors WHERE name = $1', [name]);
    const row = rows[0];
    return row === undefined ? 0 : positionRow.parse(row).position;
  }

  /** Moves the position forward only: a slower instance finishing late cannot move it back. */
  async advance(name: string, position: number): Promise<void> {
    await this.db.query(
      `INSERT INTO job_cursors (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(job_cursors.position, EXCLUDED.position)`,
      [name, position],
    );
  }
}
