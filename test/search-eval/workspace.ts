// The evaluation workspace: 180 conversations whose every searchable property is drawn by a seeded
// generator around a fixed "now", with a truth record per conversation that the queries' predicates read.
import {
  addAdmin,
  addCompany,
  addContact,
  addTag,
  addTeam,
  type WorkspaceSeed,
} from '../fake-intercom/builder.js';
import { addConversation, addPart, type PartInput } from '../fake-intercom/conversation-builder.js';
import type { FakeWorkspace } from '../fake-intercom/types.js';
import { TEMPLATES, type Topic } from './templates.js';

/** Wednesday 2026-11-18 10:00 in New York (EST, UTC−5). */
export const NOW = new Date('2026-11-18T15:00:00Z');
export const TIME_ZONE = 'America/New_York';
const HOUR = 3600;
const NOW_S = NOW.getTime() / 1000;
/** 00:00 of "today" in New York; every day of the data set is more than 2 weeks past the DST change. */
const TODAY_START = Date.parse('2026-11-18T05:00:00Z') / 1000;

export type Sentiment = 'negative' | 'neutral' | 'positive';
export type AdminKey = 'bob' | 'alice' | 'carla' | 'dev';
export type TeamKey = 'billing' | 'tech' | 'success';
export type CompanyKey = 'acme' | 'globex' | 'initech' | 'umbrella';

export interface Truth {
  id: string;
  lang: 'en' | 'es' | 'fr' | 'de' | 'pt';
  topic: Topic;
  sentiment: Sentiment;
  state: 'open' | 'closed' | 'snoozed';
  admin: AdminKey | null;
  team: TeamKey | null;
  tags: string[];
  rating: number | null;
  /** Calendar days before today (New York) it was created; 0 is today. */
  created: number;
  /** Calendar days before today of the last close; null when never closed. */
  closed: number | null;
  waitingOn: 'us' | 'customer' | null;
  /** Hours since the customer waits (us) or since our last reply (customer). */
  waitingHours: number | null;
  priority: boolean;
  read: boolean;
  channel: 'conversation' | 'email' | 'whatsapp';
  contactName: string;
  contactEmail: string;
  /** The company the contact belongs to. */
  company: CompanyKey | null;
}

export const ADMINS: Record<AdminKey, { name: string; email: string }> = {
  dev: { name: 'Dev Patel', email: 'dev@evalco.test' },
  bob: { name: 'Bob Martin', email: 'bob@evalco.test' },
  alice: { name: 'Alice Wong', email: 'alice@evalco.test' },
  carla: { name: 'Carla Díaz', email: 'carla@evalco.test' },
};
export const TEAMS: Record<TeamKey, string> = {
  billing: 'Billing',
  tech: 'Tech Support',
  success: 'Customer Success',
};
export const TAGS = ['billing', 'bug', 'VIP', 'spam', 'refund', 'feature request'];

const CONTACTS = [
  ['Jane Cooper', 'jane@acme.test'],
  ['Marcus Lee', 'marcus@initech.test'],
  ['Lucía Fernández', 'lucia@hola.test'],
  ['Pierre Dubois', 'pierre@bonjour.test'],
  ['Lena Müller', 'lena@hallo.test'],
  ['João Silva', 'joao@ola.test'],
  ['Sam Taylor', 'sam@globex.test'],
  ['Priya Shah', 'priya@umbrella.test'],
] as const;

export const COMPANIES: Record<CompanyKey, { name: string; contacts: string[] }> = {
  acme: { name: 'Acme Inc', contacts: ['Jane Cooper', 'Lucía Fernández'] },
  globex: { name: 'Globex Corporation', contacts: ['Sam Taylor', 'Pierre Dubois'] },
  initech: { name: 'Initech', contacts: ['Marcus Lee'] },
  umbrella: { name: 'Umbrella Health', contacts: ['Priya Shah', 'Lena Müller'] },
};

const companyOf = (contactName: string): CompanyKey | null =>
  (Object.keys(COMPANIES) as CompanyKey[]).find((key) => COMPANIES[key].contacts.includes(contactName)) ??
  null;

/** mulberry32: a small deterministic generator, so the data set is the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const EVAL_WORKSPACE = {
  id: 'wseval',
  token: 'dG9rOmV2YWwtd29ya3NwYWNlLXRva2VuLTAwMDAwMDAwMDAwMToxOjA=',
  hexPrefix: '6762e7a1',
};

/** Builds the workspace into the fake; returns the truth of every conversation. */
export function evalSeed(truths: Truth[]): WorkspaceSeed {
  return {
    id: EVAL_WORKSPACE.id,
    name: 'EvalCo',
    region: 'US',
    timezone: TIME_ZONE,
    token: EVAL_WORKSPACE.token,
    hexPrefix: EVAL_WORKSPACE.hexPrefix,
    owner: { name: ADMINS.dev.name, email: ADMINS.dev.email },
    build: (ws) => build(ws, truths),
  };
}

function build(ws: FakeWorkspace, truths: Truth[]): void {
  const adminIds = {} as Record<AdminKey, string>;
  adminIds.dev = ws.ownerAdminId;
  for (const key of ['bob', 'alice', 'carla'] as const) adminIds[key] = addAdmin(ws, ADMINS[key]).id;
  const teamIds = {} as Record<TeamKey, string>;
  for (const [key, name] of Object.entries(TEAMS))
    teamIds[key as TeamKey] = addTeam(ws, name, [adminIds.bob]).id;
  const tagIds = new Map(TAGS.map((name) => [name, addTag(ws, name, NOW_S - 400 * 86_400).id]));
  const contactIds = CONTACTS.map(([name, email]) => addContact(ws, { name, email, role: 'user' }).id);
  for (const company of Object.values(COMPANIES)) {
    const members = company.contacts.map(
      (name) => contactIds[CONTACTS.findIndex(([n]) => n === name)] as string,
    );
    addCompany(ws, { name: company.name }, members);
  }
  const rnd = random(20261118);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  for (let n = 0; n < 180; n++) {
    const lang = pick(['en', 'en', 'en', 'en', 'en', 'es', 'fr', 'de', 'pt'] as const);
    const options = TEMPLATES.filter((t) => t.lang === lang);
    const template = pick(options);
    const drawn = pick([
      0, 1, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40, 50, 60, 90, 150, 250, 330, 400, 500,
    ]);
    const created = n % 30 === 0 ? 2 : drawn;
    const createdAt = TODAY_START - created * 86_400 + 8 * HOUR + Math.floor(rnd() * 1.5 * HOUR);
    // Every 30th conversation: Bob's, closed the day after it was created (so "closed yesterday" has cases).
    const covered = n % 30 === 0;
    const state = covered ? 'closed' : pick(['open', 'open', 'open', 'closed', 'closed', 'snoozed'] as const);
    const admin = covered ? 'bob' : pick([null, 'bob', 'bob', 'alice', 'carla', 'dev'] as const);
    const team = pick([null, 'billing', 'tech', 'success'] as const);
    // Teams tag by topic: a refund conversation is usually tagged refund, an invoice one billing.
    const usual: Record<string, string> = {
      refund: 'refund',
      invoice: 'billing',
      login: 'bug',
      'mobile app': 'bug',
    };
    const tags = TAGS.filter((tag) => rnd() < (usual[template.topic] === tag ? 0.7 : 0.06));
    const rating = state === 'closed' && rnd() < 0.7 ? 1 + Math.floor(rnd() * 5) : null;
    const contact = Math.floor(rnd() * CONTACTS.length);
    const channel = pick(['conversation', 'conversation', 'email', 'whatsapp'] as const);
    const adminId = admin ? adminIds[admin] : ws.ownerAdminId;
    const parts: PartInput[] = [];
    const ageHours = (NOW_S - createdAt) / HOUR;
    let closed: number | null = null;
    let waitingOn: Truth['waitingOn'] = null;
    let waitingHours: number | null = null;
    if (admin)
      parts.push({
        by: adminId,
        type: 'assignment',
        at: createdAt + 300,
        assignedTo: { type: 'admin', id: adminId },
      });
    if (state === 'closed') {
      const closeDays = covered ? Math.min(created, 1) : Math.min(created, pick([0, 0, 1, 1, 2, 3, 5]));
      const closeAt = Math.min(NOW_S - HOUR, TODAY_START - (created - closeDays) * 86_400 + 9 * HOUR);
      const closeAtSafe = Math.max(closeAt, createdAt + 600);
      parts.push({ by: adminId, body: '<p>This should be sorted now.</p>', at: closeAtSafe - 300 });
      parts.push({ by: adminId, type: 'close', at: closeAtSafe });
      closed = created - closeDays;
    } else if (rnd() < 0.5 && ageHours > 3) {
      // Waiting on the customer: a teammate replied last.
      const replyHours = Math.min(ageHours - 1, pick([2, 20, 30, 60, 80, 100, 200]));
      parts.push({
        by: adminId,
        body: '<p>Could you send us a screenshot?</p>',
        at: NOW_S - replyHours * HOUR,
      });
      waitingOn = state === 'open' ? 'customer' : null;
      waitingHours = replyHours;
    } else {
      waitingOn = state === 'open' ? 'us' : null;
      waitingHours = ageHours;
    }
    const conv = addConversation(ws, {
      contactId: contactIds[contact] as string,
      body: `<p>${template.text}</p>`,
      createdAt,
      state,
      snoozedUntil: NOW_S + 86_400,
      read: rnd() < 0.5,
      priority: rnd() < 0.25,
      adminAssigneeId: admin ? adminIds[admin] : null,
      teamAssigneeId: team ? teamIds[team] : null,
      tagIds: tags.map((t) => tagIds.get(t) as string),
      ...(rating ? { rating: { rating, remark: '', adminId } } : {}),
    });
    for (const part of parts) addPart(ws, conv, part);
    if (state !== 'closed') conv.state = state;
    (conv.source as { type: string }).type = channel;
    const [contactName, contactEmail] = CONTACTS[contact] as readonly [string, string];
    truths.push({
      id: conv.id,
      lang,
      topic: template.topic,
      sentiment: template.sentiment,
      state,
      admin,
      team,
      tags,
      rating,
      created,
      closed,
      waitingOn,
      waitingHours,
      priority: conv.priority === 'priority',
      read: conv.read,
      channel,
      contactName,
      contactEmail,
      company: companyOf(contactName),
    });
  }
}
