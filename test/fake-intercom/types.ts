// Data model of the fake Intercom. Field names follow the Intercom REST API (version 2.14) so that
// serialisation is mostly a matter of copying fields; relations are kept as id lists.

export type Unix = number;

export interface FakeAdmin {
  id: string; // numeric string
  name: string;
  email: string;
  job_title: string | null;
  away_mode_enabled: boolean;
  away_mode_reassign: boolean;
  has_inbox_seat: boolean;
  team_ids: number[];
}

export interface FakeTeam {
  id: string; // numeric string
  name: string;
  admin_ids: number[];
}

export interface FakeTag {
  id: string; // numeric string
  name: string;
  created_at: Unix;
}

export interface FakeSegment {
  id: string; // 24-hex
  name: string;
  created_at: Unix;
  updated_at: Unix;
  person_type: 'user' | 'contact';
}

export type DataType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'options';

export interface FakeDataAttribute {
  id: number | null; // only custom attributes have an id
  name: string;
  full_name: string;
  label: string;
  description: string;
  data_type: DataType;
  model: 'contact' | 'company' | 'conversation';
  custom: boolean;
  api_writable: boolean;
  ui_writable: boolean;
  messenger_writable: boolean;
  archived: boolean;
  admin_id: string | null;
  created_at: Unix | null;
  updated_at: Unix | null;
}

export interface FakeContact {
  id: string; // 24-hex
  external_id: string | null;
  role: 'user' | 'lead';
  email: string | null;
  phone: string | null;
  name: string | null;
  avatar: string | null;
  owner_id: number | null;
  unsubscribed_from_emails: boolean;
  has_hard_bounced: boolean;
  marked_email_as_spam: boolean;
  created_at: Unix;
  updated_at: Unix;
  signed_up_at: Unix | null;
  last_seen_at: Unix | null;
  last_replied_at: Unix | null;
  last_contacted_at: Unix | null;
  language_override: string | null;
  browser: string | null;
  os: string | null;
  location: { country: string | null; region: string | null; city: string | null };
  custom_attributes: Record<string, string | number | boolean | null>;
  tagIds: string[];
  segmentIds: string[];
  /** Companies the contact is attached to, oldest attachment first. */
  companyIds: string[];
  /**
   * Test switch for Intercom's eventually consistent search: `false` while the search index has not
   * caught up with this contact (POST /contacts/search skips it; GET, PUT, lists and the 409 duplicate
   * check still see it). Absent means indexed.
   */
  searchIndexed?: boolean;
  /** Set by POST /contacts/{id}/archive (the contact_archived answer's `archived: true`). */
  archived?: boolean;
}

export interface FakeCompany {
  id: string; // 24-hex, given by Intercom
  company_id: string; // the workspace's own id for the company
  name: string;
  plan: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number;
  session_count: number;
  created_at: Unix;
  updated_at: Unix;
  remote_created_at: Unix | null;
  last_request_at: Unix | null;
  custom_attributes: Record<string, string | number | boolean | null>;
}

export interface PartAuthor {
  type: 'admin' | 'user' | 'lead' | 'bot' | 'team';
  id: string;
  name: string | null;
  email: string | null;
}

export interface FakePart {
  id: string; // numeric string
  part_type: string; // comment | note | close | open | snoozed | assignment | ...
  body: string | null;
  created_at: Unix;
  updated_at: Unix;
  notified_at: Unix;
  assigned_to: { type: 'admin' | 'team' | 'nobody_admin'; id: string | null } | null;
  author: PartAuthor;
}

export interface ConversationTag {
  tagId: string;
  applied_at: Unix;
  applied_by: { type: 'admin' | 'contact'; id: string };
}

export interface FakeConversation {
  id: string; // numeric string
  title: string | null;
  created_at: Unix;
  updated_at: Unix;
  waiting_since: Unix | null;
  snoozed_until: Unix | null;
  state: 'open' | 'closed' | 'snoozed';
  open: boolean;
  read: boolean;
  priority: 'priority' | 'not_priority';
  admin_assignee_id: number | null;
  team_assignee_id: number | null;
  tags: ConversationTag[];
  source: {
    type: 'conversation' | 'email' | 'push' | 'sms' | 'whatsapp';
    id: string;
    delivered_as: 'customer_initiated' | 'admin_initiated' | 'automated' | 'operator_initiated';
    subject: string;
    body: string;
    author: PartAuthor;
    url: string | null;
  };
  contactIds: string[];
  parts: FakePart[];
  custom_attributes: Record<string, string | number | boolean | null>;
  conversation_rating: {
    rating: number;
    remark: string;
    created_at: Unix;
    contactId: string;
    adminId: string;
  } | null;
}

export interface FakeArticle {
  id: string; // numeric string
  title: string;
  description: string;
  body: string;
  author_id: number;
  state: 'published' | 'draft';
  created_at: Unix;
  updated_at: Unix;
  parent_id: number | null;
  url: string | null;
}

export type TicketCategory = 'Customer' | 'Back-office' | 'Tracker';
export type TicketStateCategory = 'submitted' | 'in_progress' | 'waiting_on_customer' | 'resolved';

export interface FakeTicketState {
  id: string; // numeric string
  category: TicketStateCategory;
  internal_label: string;
  external_label: string;
}

export interface FakeTicketTypeAttribute {
  id: string;
  name: string; // `_default_title_`, `_default_description_`, or the label of a custom attribute
  data_type: 'string' | 'list' | 'integer' | 'decimal' | 'boolean' | 'datetime' | 'files';
  required_to_create: boolean;
  default: boolean;
  archived: boolean;
}

export interface FakeTicketType {
  id: string; // numeric string
  name: string;
  description: string;
  category: TicketCategory;
  archived: boolean;
  attributes: FakeTicketTypeAttribute[];
  states: FakeTicketState[];
  created_at: Unix;
}

export interface FakeTicketPart {
  id: string;
  part_type: string; // comment | note | ticket_state_updated_by_admin | assignment | ...
  body: string | null;
  previous_ticket_state?: TicketStateCategory;
  ticket_state?: TicketStateCategory;
  assigned_to: { type: 'admin' | 'team'; id: string } | null;
  created_at: Unix;
  author: PartAuthor;
}

export interface FakeTicket {
  id: string; // numeric string, the API id
  ticket_id: string; // the number shown in the Inbox
  typeId: string;
  stateId: string;
  attributes: Record<string, string | number | boolean | null>;
  contactIds: string[];
  admin_assignee_id: string | null;
  team_assignee_id: string | null;
  company_id: string | null;
  open: boolean;
  is_shared: boolean;
  snoozed_until: Unix | null;
  created_at: Unix;
  updated_at: Unix;
  parts: FakeTicketPart[];
}

export interface FakeMessage {
  id: string;
  type: 'admin_message' | 'user_message';
  message_type: 'inapp' | 'email';
  subject: string | null;
  body: string;
  template: string | null;
  from: { type: string; id: string };
  to: Array<{ type: string; id: string }>;
  created_at: Unix;
  conversation_id: string | null;
}

export interface FakeEvent {
  event_name: string;
  created_at: Unix;
  contactId: string;
  user_id: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
}

export interface FakeToken {
  token: string;
  adminId: string;
  revoked: boolean;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetAt: Unix;
  overridden: boolean;
}

export interface FakeWorkspace {
  id: string; // app.id_code
  name: string;
  region: string; // 'US' | 'Europe' | 'Australia'
  timezone: string;
  created_at: Unix;
  identity_verification: boolean;
  /** First active token; the token owner is `ownerAdminId`. */
  token: string;
  ownerAdminId: string;
  tokens: Map<string, FakeToken>;
  admins: Map<string, FakeAdmin>;
  teams: Map<string, FakeTeam>;
  tags: Map<string, FakeTag>;
  segments: Map<string, FakeSegment>;
  dataAttributes: FakeDataAttribute[];
  contacts: Map<string, FakeContact>;
  companies: Map<string, FakeCompany>;
  conversations: Map<string, FakeConversation>;
  articles: Map<string, FakeArticle>;
  ticketTypes: Map<string, FakeTicketType>;
  tickets: Map<string, FakeTicket>;
  /** Admin-initiated (`POST /messages`) and contact-initiated (`POST /conversations`) messages. */
  messages: FakeMessage[];
  /** Accepted (de-duplicated) data events. */
  events: FakeEvent[];
  rateLimit: RateLimitState;
  /** Id counters; use the builder functions rather than touching these. */
  seq: { hex: number; num: number; conversation: number; part: number; message: number };
  hexPrefix: string;
}

export interface RecordedRequest {
  workspaceId: string | null;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** HTTP status sent; 0 when the connection was dropped without a response. */
  status: number;
  intercomVersion: string | null;
  /** Set when an injected fault shaped this response: 'status' | 'slow' | 'drop-before' | 'drop-after'. */
  fault?: string;
}

export interface FaultMatch {
  method?: string;
  path?: RegExp;
  workspaceId?: string;
}

export type FaultSpec =
  | { kind: 'status'; status: 403 | 429 | 500 | 502 | 503; times?: number; match?: FaultMatch }
  | { kind: 'slow'; delayMs: number; times?: number; match?: FaultMatch }
  | { kind: 'drop'; times?: number; when?: 'before' | 'after'; match?: FaultMatch }
  | { kind: 'rateLimitRemaining'; remaining: number; resetInSeconds: number; workspaceId?: string };
