import { standardContactAttributes } from './data-attributes.js';
import { nextHexId, nextNumId } from './ids.js';
import type {
  FakeAdmin,
  FakeArticle,
  FakeCompany,
  FakeContact,
  FakeSegment,
  FakeTag,
  FakeTeam,
  FakeWorkspace,
} from './types.js';
import { makeToken, nowUnix } from './util.js';

/** Everything optional: `addWorkspace({ name: 'X' })` gives a workspace with one admin and a token. */
export interface WorkspaceSeed {
  id?: string;
  name?: string;
  region?: string;
  timezone?: string;
  createdAt?: number;
  identityVerification?: boolean;
  /** Active token of the owner admin; generated when absent. */
  token?: string;
  /** Tokens that answer 401 token_revoked. */
  revokedTokens?: string[];
  /** Requests per 10-second window (default 1666). */
  rateLimit?: number;
  owner?: { id?: string; name: string; email: string; job_title?: string };
  /** 8 hex characters that start every 24-hex id (contacts, segments) of this workspace. */
  hexPrefix?: string;
  /** Synthetic bulk data (for benchmarks): this many extra contacts / conversations. */
  contacts?: number;
  conversations?: number;
  /** Populate the workspace with the builder functions (addAdmin, addContact, addConversation...). */
  build?: (ws: FakeWorkspace) => void;
}

export function createWorkspace(seed: WorkspaceSeed, ordinal: number): FakeWorkspace {
  const id = seed.id ?? `ws${ordinal}${Math.random().toString(36).slice(2, 7)}`;
  const created = seed.createdAt ?? 1_600_000_000 + ordinal * 86_400;
  const limit = seed.rateLimit ?? 1666;
  const ws: FakeWorkspace = {
    id,
    name: seed.name ?? `Workspace ${ordinal}`,
    region: seed.region ?? 'US',
    timezone: seed.timezone ?? 'America/Los_Angeles',
    created_at: created,
    identity_verification: seed.identityVerification ?? false,
    token: '',
    ownerAdminId: '',
    tokens: new Map(),
    admins: new Map(),
    teams: new Map(),
    tags: new Map(),
    segments: new Map(),
    dataAttributes: standardContactAttributes(),
    contacts: new Map(),
    companies: new Map(),
    conversations: new Map(),
    articles: new Map(),
    ticketTypes: new Map(),
    tickets: new Map(),
    messages: [],
    events: [],
    rateLimit: { limit, remaining: limit, resetAt: 0, overridden: false },
    seq: {
      hex: 1,
      num: 1_000_000 * (ordinal + 5),
      conversation: 64_619_700_000_000 + ordinal * 1_000_000,
      part: 2_000_000_000 + ordinal * 10_000_000,
      message: 403_900_000 + ordinal * 1_000_000,
    },
    hexPrefix: seed.hexPrefix ?? `6762f${(0xa1 + ordinal).toString(16).padStart(3, '0')}`,
  };
  const owner = addAdmin(
    ws,
    seed.owner ?? { name: `Owner ${ordinal}`, email: `owner${ordinal}@example.com` },
  );
  ws.ownerAdminId = owner.id;
  ws.token = seed.token ?? makeToken();
  ws.tokens.set(ws.token, { token: ws.token, adminId: owner.id, revoked: false });
  for (const t of seed.revokedTokens ?? []) ws.tokens.set(t, { token: t, adminId: owner.id, revoked: true });
  return ws;
}

export function addAdmin(
  ws: FakeWorkspace,
  input: { name: string; email: string; job_title?: string; away_mode_enabled?: boolean; id?: string },
): FakeAdmin {
  const admin: FakeAdmin = {
    id: input.id ?? nextNumId(ws),
    name: input.name,
    email: input.email,
    job_title: input.job_title ?? null,
    away_mode_enabled: input.away_mode_enabled ?? false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
  };
  ws.admins.set(admin.id, admin);
  return admin;
}

export function addTeam(ws: FakeWorkspace, name: string, adminIds: string[], id?: string): FakeTeam {
  const team: FakeTeam = { id: id ?? nextNumId(ws), name, admin_ids: adminIds.map(Number) };
  ws.teams.set(team.id, team);
  for (const a of adminIds) ws.admins.get(a)?.team_ids.push(Number(team.id));
  return team;
}

export function addTag(ws: FakeWorkspace, name: string, createdAt = nowUnix(), id?: string): FakeTag {
  const tag: FakeTag = { id: id ?? nextNumId(ws), name, created_at: createdAt };
  ws.tags.set(tag.id, tag);
  return tag;
}

export function findTagByName(ws: FakeWorkspace, name: string): FakeTag | undefined {
  for (const t of ws.tags.values()) if (t.name === name) return t;
  return undefined;
}

export function addSegment(
  ws: FakeWorkspace,
  name: string,
  personType: 'user' | 'contact' = 'user',
  createdAt = nowUnix(),
  id?: string,
): FakeSegment {
  const seg: FakeSegment = {
    id: id ?? nextHexId(ws),
    name,
    created_at: createdAt,
    updated_at: createdAt,
    person_type: personType,
  };
  ws.segments.set(seg.id, seg);
  return seg;
}

export type ContactInput = Partial<Omit<FakeContact, 'location'>> & {
  location?: Partial<FakeContact['location']>;
};

export function addContact(ws: FakeWorkspace, input: ContactInput): FakeContact {
  const now = nowUnix();
  const email = input.email ?? null;
  const contact: FakeContact = {
    id: input.id ?? nextHexId(ws),
    external_id: input.external_id ?? null,
    role: input.role ?? 'user',
    email,
    phone: input.phone ?? null,
    name: input.name ?? null,
    avatar: input.avatar ?? null,
    owner_id: input.owner_id ?? null,
    unsubscribed_from_emails: input.unsubscribed_from_emails ?? false,
    has_hard_bounced: input.has_hard_bounced ?? false,
    marked_email_as_spam: input.marked_email_as_spam ?? false,
    created_at: input.created_at ?? now,
    updated_at: input.updated_at ?? input.created_at ?? now,
    signed_up_at: input.signed_up_at ?? null,
    last_seen_at: input.last_seen_at ?? null,
    last_replied_at: input.last_replied_at ?? null,
    last_contacted_at: input.last_contacted_at ?? null,
    language_override: input.language_override ?? null,
    browser: input.browser ?? null,
    os: input.os ?? null,
    location: { country: null, region: null, city: null, ...input.location },
    custom_attributes: { ...input.custom_attributes },
    tagIds: [...(input.tagIds ?? [])],
    segmentIds: [...(input.segmentIds ?? [])],
    companyIds: [...(input.companyIds ?? [])],
  };
  ws.contacts.set(contact.id, contact);
  return contact;
}

/** Adds a company and attaches it to `contactIds` (companies exist only for GET /contacts/{id}/companies). */
export function addCompany(
  ws: FakeWorkspace,
  input: Pick<FakeCompany, 'name'> & Partial<FakeCompany>,
  contactIds: string[] = [],
): FakeCompany {
  const now = nowUnix();
  const createdAt = input.created_at ?? now;
  const company: FakeCompany = {
    id: input.id ?? nextHexId(ws),
    company_id: input.company_id ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name: input.name,
    plan: input.plan ?? null,
    size: input.size ?? null,
    website: input.website ?? null,
    industry: input.industry ?? null,
    monthly_spend: input.monthly_spend ?? 0,
    session_count: input.session_count ?? 0,
    created_at: createdAt,
    updated_at: input.updated_at ?? createdAt,
    remote_created_at: input.remote_created_at ?? null,
    last_request_at: input.last_request_at ?? null,
    custom_attributes: { ...input.custom_attributes },
  };
  ws.companies.set(company.id, company);
  for (const id of contactIds) {
    const contact = ws.contacts.get(id);
    if (!contact) throw new Error(`fake-intercom: addCompany: unknown contact ${id}`);
    if (!contact.companyIds.includes(company.id)) contact.companyIds.push(company.id);
  }
  return company;
}

/**
 * Finds a contact by Intercom id, else external id (`user_id`), else email (case-insensitive).
 * Returns null when no identifier was given, undefined when nothing matched.
 */
export function findContact(
  ws: FakeWorkspace,
  by: { id?: unknown; user_id?: unknown; email?: unknown },
  role?: 'user',
): FakeContact | null | undefined {
  if (typeof by.id === 'string') return ws.contacts.get(by.id);
  const userId = typeof by.user_id === 'string' ? by.user_id : undefined;
  const email = typeof by.email === 'string' ? by.email.toLowerCase() : undefined;
  if (userId === undefined && email === undefined) return null;
  for (const c of ws.contacts.values()) {
    if (role && c.role !== role) continue;
    if (userId !== undefined ? c.external_id === userId : c.email === email) return c;
  }
  return undefined;
}

export function addArticle(
  ws: FakeWorkspace,
  input: Omit<FakeArticle, 'id' | 'url' | 'author_id' | 'parent_id'> & {
    author_id?: number;
    parent_id?: number;
  },
): FakeArticle {
  const id = nextNumId(ws);
  const slug = input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const article: FakeArticle = {
    ...input,
    id,
    author_id: input.author_id ?? Number(ws.ownerAdminId),
    parent_id: input.parent_id ?? null,
    url: input.state === 'published' ? `https://help.example.com/${ws.id}/en/articles/${id}-${slug}` : null,
  };
  ws.articles.set(id, article);
  return article;
}
