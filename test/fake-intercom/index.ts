// A faithful, stateful fake of the Intercom REST API (version 2.14 shapes) for tests and benchmarks.
//
//   const fake = await startFakeIntercom();          // http://127.0.0.1:<random port>
//   fetch(`${fake.url}/me`, { headers: { Authorization: `Bearer ${WORKSPACE_A.token}`, Accept: 'application/json' } });
//   fake.inject({ kind: 'drop', when: 'after', match: { path: /\/reply$/ } });
//   fake.workspaces.get(WORKSPACE_A.id)?.messages;   // side effects are plain state
//   expect(fake.unhandled).toEqual([]);              // nothing the fake does not model was called
//   await fake.close();
//
// Workspaces A and B are seeded (see seed-a.ts / seed-b.ts); `addWorkspace` creates more. Data lives in
// memory for the life of the fake; `reset()` clears requests, faults and rate-limit windows only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { addContact, createWorkspace, type WorkspaceSeed } from './builder.js';
import { addConversation } from './conversation-builder.js';
import { FaultQueue, resetRateLimit } from './faults.js';
import { syncCounters } from './ids.js';
import { compileRoutes } from './router.js';
import { articleRoutes } from './routes-articles.js';
import { companyRoutes } from './routes-companies.js';
import { contactRoutes } from './routes-contacts.js';
import { conversationActionRoutes } from './routes-conversation-actions.js';
import { conversationRoutes } from './routes-conversations.js';
import { messageRoutes } from './routes-messages.js';
import { ticketRoutes } from './routes-tickets.js';
import { workspaceRoutes } from './routes-workspace.js';
import { seedWorkspaceA, WORKSPACE_A } from './seed-a.js';
import { seedConversationsA } from './seed-a-conversations.js';
import { seedWorkspaceB, WORKSPACE_B } from './seed-b.js';
import { seedConversationsB } from './seed-b-conversations.js';
import { seedTicketsA, seedTicketsB } from './seed-tickets.js';
import { handleRequest, type ServerState } from './server.js';
import type { FakeWorkspace, FaultSpec, RecordedRequest } from './types.js';

export {
  addAdmin,
  addArticle,
  addCompany,
  addContact,
  addSegment,
  addTag,
  addTeam,
  type ContactInput,
  type WorkspaceSeed,
} from './builder.js';
export {
  addConversation,
  addPart,
  type ConversationInput,
  createConversationWithParts,
  type PartInput,
} from './conversation-builder.js';
export { addDataAttribute } from './data-attributes.js';
export { WORKSPACE_A } from './seed-a.js';
export { WORKSPACE_B } from './seed-b.js';
export { addTicket, addTicketType } from './tickets.js';
export type * from './types.js';

export interface FakeIntercom {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  port: number;
  workspaces: Map<string, FakeWorkspace>;
  addWorkspace(seed: WorkspaceSeed): FakeWorkspace;
  /** Every request received, in order (also those answered with an error, a fault or nothing). */
  requests: RecordedRequest[];
  requestsFor(workspaceId: string): RecordedRequest[];
  /** `METHOD /path` of every request the fake does not model (answered 501), plus fake crashes. */
  unhandled: string[];
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  /** Clears recorded requests, unhandled entries, faults and rate-limit windows. Data stays. */
  reset(): void;
  close(): Promise<void>;
}

const routes = compileRoutes([
  ...workspaceRoutes,
  ...articleRoutes,
  ...companyRoutes,
  ...contactRoutes,
  ...conversationRoutes,
  ...conversationActionRoutes,
  ...messageRoutes,
  ...ticketRoutes,
]);

function addBulk(ws: FakeWorkspace, contacts: number, conversations: number): void {
  const base = ws.created_at + 86_400;
  const ids: string[] = [];
  for (let i = 0; i < contacts; i++) {
    const c = addContact(ws, {
      role: i % 5 === 4 ? 'lead' : 'user',
      email: `bulk.user${i}@bulk-${ws.id}.example.com`,
      external_id: i % 5 === 4 ? null : `bulk-${ws.id}-${i}`,
      name: `Bulk User ${i}`,
      created_at: base + i,
    });
    ids.push(c.id);
  }
  if (conversations > 0 && ids.length === 0) {
    ids.push(addContact(ws, { email: `bulk.owner@bulk-${ws.id}.example.com`, created_at: base }).id);
  }
  const states = ['open', 'closed', 'snoozed'] as const;
  for (let i = 0; i < conversations; i++) {
    addConversation(ws, {
      contactId: ids[i % ids.length] as string,
      body: `<p>Bulk conversation ${i} about billing support</p>`,
      createdAt: base + i,
      state: states[i % 3],
      adminAssigneeId: i % 2 ? ws.ownerAdminId : null,
      snoozedUntil: 2_000_000_000,
    });
  }
}

export async function startFakeIntercom(options: { port?: number } = {}): Promise<FakeIntercom> {
  const sockets = new Set<Socket>();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: (v: boolean) => void }>();
  let closing = false;
  const state: ServerState = {
    workspaces: new Map(),
    requests: [],
    unhandled: [],
    faults: new FaultQueue(),
    route: routes,
    baseUrl: '',
    sleep: (ms) =>
      new Promise<boolean>((resolve) => {
        if (closing) return resolve(false);
        const entry = {
          resolve,
          timer: setTimeout(() => {
            timers.delete(entry);
            resolve(true);
          }, ms),
        };
        timers.add(entry);
      }),
  };

  const addWorkspace = (seed: WorkspaceSeed): FakeWorkspace => {
    if (seed.id && state.workspaces.has(seed.id))
      throw new Error(`fake-intercom: workspace ${seed.id} exists`);
    const ws = createWorkspace(seed, state.workspaces.size);
    seed.build?.(ws);
    addBulk(ws, seed.contacts ?? 0, seed.conversations ?? 0);
    syncCounters(ws);
    state.workspaces.set(ws.id, ws);
    return ws;
  };
  const seeds = [
    [WORKSPACE_A, seedWorkspaceA, seedConversationsA, seedTicketsA],
    [WORKSPACE_B, seedWorkspaceB, seedConversationsB, seedTicketsB],
  ] as const;
  for (const [constants, seedEntities, seedConversations, seedTickets] of seeds) {
    addWorkspace({
      id: constants.id,
      name: constants.name,
      region: constants.region,
      timezone: constants.timezone,
      token: constants.token,
      revokedTokens: [constants.revokedToken],
      hexPrefix: constants.hexPrefix,
      owner: { id: constants.ownerAdminId, ...constants.owner },
      build: (ws) => {
        seedEntities(ws);
        seedConversations(ws);
        seedTickets(ws);
      },
    });
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handleRequest(state, req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        state.unhandled.push(`BUG pipeline: ${err instanceof Error ? err.stack : String(err)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: state.baseUrl,
    port,
    workspaces: state.workspaces,
    addWorkspace,
    requests: state.requests,
    requestsFor: (id) => state.requests.filter((r) => r.workspaceId === id),
    unhandled: state.unhandled,
    inject: (fault) => state.faults.inject(fault, state.workspaces),
    clearFaults: () => state.faults.clear(),
    reset() {
      state.requests.length = 0;
      state.unhandled.length = 0;
      state.faults.clear();
      for (const ws of state.workspaces.values()) resetRateLimit(ws.rateLimit);
    },
    async close() {
      closing = true;
      for (const t of timers) {
        clearTimeout(t.timer);
        t.resolve(false);
      }
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
