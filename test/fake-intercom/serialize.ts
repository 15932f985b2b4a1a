import type {
  FakeAdmin,
  FakeArticle,
  FakeCompany,
  FakeContact,
  FakeDataAttribute,
  FakeSegment,
  FakeTag,
  FakeTeam,
  FakeWorkspace,
} from './types.js';

/** Compares Intercom-Version strings; 'Unstable' is newer than every number. Missing means 2.14. */
export function versionAtLeast(version: string | null, min: string): boolean {
  if (version === 'Unstable') return true;
  const [a = 0, b = 0] = (version ?? '2.14').split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a !== c ? a > c : b >= d;
}

export function adminJson(a: FakeAdmin): Record<string, unknown> {
  return {
    type: 'admin',
    email: a.email,
    id: a.id,
    name: a.name,
    job_title: a.job_title,
    away_mode_enabled: a.away_mode_enabled,
    away_mode_reassign: a.away_mode_reassign,
    away_status_reason_id: null,
    has_inbox_seat: a.has_inbox_seat,
    team_ids: [...a.team_ids],
    avatar: null,
    team_priority_level: {},
  };
}

export function teamJson(t: FakeTeam): Record<string, unknown> {
  return { type: 'team', id: t.id, name: t.name, admin_ids: [...t.admin_ids], admin_priority_level: {} };
}

export function tagJson(t: FakeTag): Record<string, unknown> {
  return { type: 'tag', id: t.id, name: t.name };
}

export function segmentJson(s: FakeSegment, count?: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'segment', ...s };
  if (count !== undefined) out.count = count;
  return out;
}

export function dataAttributeJson(d: FakeDataAttribute): Record<string, unknown> {
  const { id, admin_id, created_at, updated_at, ...rest } = d;
  return d.custom
    ? { id, type: 'data_attribute', ...rest, admin_id, created_at, updated_at }
    : { type: 'data_attribute', ...rest };
}

export function articleJson(ws: FakeWorkspace, a: FakeArticle): Record<string, unknown> {
  return {
    id: a.id,
    type: 'article',
    workspace_id: ws.id,
    parent_id: a.parent_id,
    parent_type: a.parent_id === null ? null : 'collection',
    parent_ids: a.parent_id === null ? [] : [a.parent_id],
    title: a.title,
    description: a.description,
    body: a.body,
    author_id: a.author_id,
    state: a.state,
    created_at: a.created_at,
    updated_at: a.updated_at,
    url: a.url,
    default_locale: 'en',
    tags: { type: 'tag.list', tags: [] },
  };
}

/** A company as GET /contacts/{id}/companies lists it (the `company` schema). */
export function companyJson(ws: FakeWorkspace, co: FakeCompany): Record<string, unknown> {
  let userCount = 0;
  for (const c of ws.contacts.values()) if (c.companyIds.includes(co.id)) userCount += 1;
  return {
    type: 'company',
    company_id: co.company_id,
    id: co.id,
    app_id: ws.id,
    name: co.name,
    remote_created_at: co.remote_created_at,
    created_at: co.created_at,
    updated_at: co.updated_at,
    last_request_at: co.last_request_at,
    size: co.size,
    website: co.website,
    industry: co.industry,
    monthly_spend: co.monthly_spend,
    session_count: co.session_count,
    user_count: userCount,
    tags: { type: 'tag.list', tags: [] },
    segments: { type: 'segment.list', segments: [] },
    plan: co.plan === null ? {} : { type: 'plan', id: co.plan, name: co.plan },
    custom_attributes: { ...co.custom_attributes },
  };
}

const list = (url: string, data: unknown[] = []) => ({
  type: 'list',
  data: data.slice(0, 10),
  url,
  total_count: data.length,
  has_more: data.length > 10,
});

export function contactJson(
  ws: FakeWorkspace,
  c: FakeContact,
  version: string | null,
): Record<string, unknown> {
  const at = c.email ? c.email.lastIndexOf('@') : -1;
  const ownerId =
    c.owner_id === null ? null : versionAtLeast(version, '2.16') ? String(c.owner_id) : c.owner_id;
  return {
    type: 'contact',
    id: c.id,
    workspace_id: ws.id,
    external_id: c.external_id,
    role: c.role,
    email: c.email,
    email_domain: c.email && at >= 0 ? c.email.slice(at + 1) : null,
    phone: c.phone,
    name: c.name,
    // The 2.14 contact schema: a nullable object holding the image URL, not the URL itself.
    avatar: c.avatar === null ? null : { type: 'avatar', image_url: c.avatar },
    owner_id: ownerId,
    social_profiles: { type: 'list', data: [] },
    has_hard_bounced: c.has_hard_bounced,
    marked_email_as_spam: c.marked_email_as_spam,
    unsubscribed_from_emails: c.unsubscribed_from_emails,
    // Only archived contacts carry the flag the archive endpoint reports.
    ...(c.archived ? { archived: true } : {}),
    created_at: c.created_at,
    updated_at: c.updated_at,
    signed_up_at: c.signed_up_at,
    last_seen_at: c.last_seen_at,
    last_replied_at: c.last_replied_at,
    last_contacted_at: c.last_contacted_at,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: c.language_override,
    browser: c.browser,
    browser_version: null,
    browser_language: null,
    os: c.os,
    location: { type: 'location', ...c.location, country_code: null, continent_code: null },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: { ...c.custom_attributes },
    tags: list(
      `/contacts/${c.id}/tags`,
      c.tagIds.map((id) => ({ type: 'tag', id, url: `/tags/${id}` })),
    ),
    notes: list(`/contacts/${c.id}/notes`),
    companies: list(
      `/contacts/${c.id}/companies`,
      c.companyIds.map((id) => ({ type: 'company', id, url: `/companies/${id}` })),
    ),
    opted_out_subscription_types: list(`/contacts/${c.id}/subscriptions`),
    opted_in_subscription_types: list(`/contacts/${c.id}/subscriptions`),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
  };
}
