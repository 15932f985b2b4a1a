import {
  callsPerDay,
  type DayCount,
  lastUsed,
  type RecentCall,
  recentCalls,
} from '../audit/audit-queries.js';
import type { ConnectionView } from '../tenancy/connection-view.js';
import type { JobReport } from '../tools/message-jobs-port.js';
import type { RouteDeps } from './context.js';

/** Everything the /manage page shows about one connection. */
export interface ConnectionPanel {
  view: ConnectionView;
  lastUsed: Date | null;
  calls: RecentCall[];
  days: DayCount[];
  jobs: JobReport[];
}

const RECENT_CALLS = 20;
const RECENT_JOBS = 5;

/** Reads the panels of `views` (the audit rows this instance still buffers are written first). */
export async function loadPanels(deps: RouteDeps, views: ConnectionView[]): Promise<ConnectionPanel[]> {
  await deps.audit.flush();
  const db = deps.database.db;
  return Promise.all(
    views.map(async (view) => {
      const id = view.connection_id;
      const [used, calls, days, jobs] = await Promise.all([
        lastUsed(db, id),
        recentCalls(db, id, RECENT_CALLS),
        callsPerDay(db, id, 30),
        deps.jobs.recentFor(id, RECENT_JOBS),
      ]);
      return { view, lastUsed: used, calls, days, jobs };
    }),
  );
}
