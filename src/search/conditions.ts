import type { DateField, SentimentWord } from './vocabulary.js';

/**
 * One condition of a conversation search, as read from the query text or given as a structured
 * argument. Names stay names until they are resolved against the workspace's directory.
 */
export type Condition =
  | { kind: 'state'; value: 'open' | 'closed' | 'snoozed' }
  | { kind: 'admin'; value: string }
  | { kind: 'team'; value: string }
  | { kind: 'tag'; values: string[] }
  /** A word that is a tag's name and may also be a topic ("billing conversations"). */
  | { kind: 'tag_or_text'; tag: string; stem: string }
  | { kind: 'contact_email'; value: string }
  | { kind: 'contact_name'; value: string }
  | { kind: 'contact_id'; value: string }
  /**
   * Conversations of a company's contacts. `orContactName`: "from Acme" may name a company or a person;
   * the company wins when one has exactly that name, otherwise it is the contact's name.
   */
  | { kind: 'company'; value: string; orContactName?: boolean }
  | { kind: 'priority'; value: boolean }
  | { kind: 'read'; value: boolean }
  | { kind: 'rating'; scores: number[] }
  /** Who the conversation waits for, and for at least how many hours. */
  | { kind: 'waiting'; on: 'us' | 'customer'; hours?: number }
  | { kind: 'channel'; value: string }
  | { kind: 'sentiment'; value: SentimentWord }
  | { kind: 'date'; field: DateField; after?: string; before?: string }
  /** Word stems matched with "contains"; `any`: one of them suffices. */
  | { kind: 'text'; stems: string[]; match: 'any' | 'all' };

export type ConditionKind = Condition['kind'];

/** A condition with where it came from. */
export interface ReadCondition {
  condition: Condition;
  negated: boolean;
  /** The words of the query it came from, or `argument = value` for a structured argument. */
  wording: string;
}

/** Date fields and the Intercom search field each one is. */
export const DATE_FIELDS: Record<DateField, { field: string; label: string }> = {
  created: { field: 'created_at', label: 'created' },
  updated: { field: 'updated_at', label: 'updated' },
  closed: { field: 'statistics.last_close_at', label: 'last closed' },
  replied: { field: 'statistics.last_admin_reply_at', label: 'last teammate reply' },
  contact_replied: { field: 'statistics.last_contact_reply_at', label: 'last customer reply' },
  assigned: { field: 'statistics.last_assignment_at', label: 'last assigned' },
};
