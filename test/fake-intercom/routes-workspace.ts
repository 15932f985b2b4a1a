// Workspace-level resources: /me, admins, teams, tags, segments, data attributes, articles.
import { addTag, findTagByName } from './builder.js';
import { addDataAttribute } from './data-attributes.js';
import {
  ApiError,
  adminNotFound,
  invalid,
  NotImplementedError,
  tagNotFound,
  userNotFound,
} from './errors.js';
import { type Ctx, ok, type Route } from './router.js';
import { adminJson, articleJson, dataAttributeJson, segmentJson, tagJson, teamJson } from './serialize.js';
import type { DataType } from './types.js';
import { isRecord } from './util.js';

function me({ ws, admin }: Ctx) {
  return ok({
    ...adminJson(admin),
    email_verified: true,
    avatar: { type: 'avatar', image_url: null },
    app: {
      type: 'app',
      id_code: ws.id,
      name: ws.name,
      created_at: ws.created_at,
      secure: ws.identity_verification,
      identity_verification: ws.identity_verification,
      timezone: ws.timezone,
      region: ws.region,
    },
  });
}

function createOrUpdateTag({ ws, body }: Ctx) {
  if (!isRecord(body)) throw invalid('invalid tag parameters');
  if ('companies' in body)
    throw new NotImplementedError('POST /tags with companies (companies are not modelled)');
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('invalid tag parameters');
  if (body.id !== undefined) {
    const tag = ws.tags.get(String(body.id));
    if (!tag) throw tagNotFound();
    tag.name = name;
    return ok(tagJson(tag));
  }
  const tag = findTagByName(ws, name) ?? addTag(ws, name);
  if (Array.isArray(body.users)) {
    const contacts = body.users.map((u) => ws.contacts.get(isRecord(u) ? String(u.id) : ''));
    if (contacts.some((c) => !c)) throw userNotFound();
    for (const c of contacts) {
      if (c && !c.tagIds.includes(tag.id)) c.tagIds.push(tag.id);
    }
  }
  return ok(tagJson(tag));
}

const DATA_TYPES: DataType[] = ['string', 'integer', 'float', 'boolean', 'date', 'datetime', 'options'];
const NAME_RE = /^[\p{L}\p{N}\p{Sc} _-]+$/u;

function createDataAttribute({ ws, body, admin }: Ctx) {
  if (!isRecord(body)) throw invalid('name, model and data_type are required');
  const { name, model, data_type } = body;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('name is required', 'name');
  if (model !== 'contact' && model !== 'company') {
    throw invalid('The Data Attribute model field must be either contact or company', 'model');
  }
  if (typeof data_type !== 'string' || !DATA_TYPES.includes(data_type as DataType)) {
    throw invalid("Data Type isn't an option", 'data_type');
  }
  if (!NAME_RE.test(name)) {
    throw invalid(
      'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens',
      'name',
    );
  }
  const label = model === 'contact' ? 'people' : 'company';
  if (ws.dataAttributes.some((a) => a.model === model && (a.name === name || a.full_name === name))) {
    throw invalid(
      `You already have '${name}' in your ${label} data. To save this as new ${label} data, use a different name.`,
      'name',
    );
  }
  if (data_type === 'options' && (!Array.isArray(body.options) || body.options.length < 2)) {
    throw invalid('At least two options are required for a list attribute', 'options');
  }
  const attr = addDataAttribute(ws, {
    name,
    model,
    data_type: data_type as DataType,
    description: typeof body.description === 'string' ? body.description : '',
    adminId: admin.id,
  });
  if (typeof body.messenger_writable === 'boolean') attr.messenger_writable = body.messenger_writable;
  return ok(dataAttributeJson(attr));
}

function listArticles({ ws, query, baseUrl }: Ctx) {
  const page = query.page === undefined ? 1 : Number(query.page);
  const perPage = query.per_page === undefined ? 25 : Number(query.per_page);
  if (!Number.isInteger(page) || page < 1) throw invalid('page must be a positive integer', 'page');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 250)
    throw invalid('per_page must be 1..250', 'per_page');
  const all = [...ws.articles.values()].sort(
    (a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id),
  );
  const totalPages = Math.ceil(all.length / perPage);
  const pages: Record<string, unknown> = { type: 'pages', page, per_page: perPage, total_pages: totalPages };
  if (page < totalPages) pages.next = `${baseUrl}/articles?page=${page + 1}&per_page=${perPage}`;
  return ok({
    type: 'list',
    pages,
    total_count: all.length,
    data: all.slice((page - 1) * perPage, page * perPage).map((a) => articleJson(ws, a)),
  });
}

export const workspaceRoutes: Route[] = [
  { method: 'GET', path: '/me', handler: me },
  {
    method: 'GET',
    path: '/admins',
    handler: ({ ws }) => ok({ type: 'admin.list', admins: [...ws.admins.values()].map(adminJson) }),
  },
  {
    method: 'GET',
    path: '/admins/{admin_id}',
    handler: ({ ws, params }) => {
      const a = ws.admins.get(params.admin_id ?? '');
      if (!a) throw adminNotFound();
      return ok(adminJson(a));
    },
  },
  {
    method: 'GET',
    path: '/teams',
    handler: ({ ws }) => ok({ type: 'team.list', teams: [...ws.teams.values()].map(teamJson) }),
  },
  {
    method: 'GET',
    path: '/teams/{team_id}',
    handler: ({ ws, params }) => {
      const t = ws.teams.get(params.team_id ?? '');
      if (!t) throw new ApiError(404, 'team_not_found', 'Team not found');
      return ok(teamJson(t));
    },
  },
  {
    method: 'GET',
    path: '/tags',
    handler: ({ ws }) => ok({ type: 'list', data: [...ws.tags.values()].map(tagJson) }),
  },
  { method: 'POST', path: '/tags', handler: createOrUpdateTag },
  {
    method: 'GET',
    path: '/tags/{tag_id}',
    handler: ({ ws, params }) => {
      const t = ws.tags.get(params.tag_id ?? '');
      if (!t) throw tagNotFound();
      return ok(tagJson(t));
    },
  },
  {
    method: 'GET',
    path: '/segments',
    handler: ({ ws, query }) => {
      const counts = new Map<string, number>();
      if (query.include_count === 'true') {
        for (const c of ws.contacts.values())
          for (const s of c.segmentIds) counts.set(s, (counts.get(s) ?? 0) + 1);
      }
      const segments = [...ws.segments.values()].map((s) =>
        segmentJson(s, query.include_count === 'true' ? (counts.get(s.id) ?? 0) : undefined),
      );
      return ok({ type: 'segment.list', segments, pages: {} });
    },
  },
  {
    method: 'GET',
    path: '/data_attributes',
    handler: ({ ws, query }) => {
      const model = query.model;
      if (model !== undefined && !['contact', 'company', 'conversation'].includes(model)) {
        throw invalid('model must be one of contact, company, conversation', 'model');
      }
      const all = query.include_archived === 'true';
      const data = ws.dataAttributes.filter(
        (a) => (model === undefined || a.model === model) && (all || !a.archived),
      );
      return ok({ type: 'list', data: data.map(dataAttributeJson) });
    },
  },
  { method: 'POST', path: '/data_attributes', handler: createDataAttribute },
  { method: 'GET', path: '/articles', handler: listArticles },
];
