/**
 * The query language of Intercom's search endpoints, as the resource modules send it. The search layer
 * (`src/search/`) builds these; they are defined here so the Intercom modules depend on nothing above them.
 */
/** The `query` object of Intercom's `POST /conversations/search` (and `/contacts/search`). */
export type IntercomSearchQuery = SearchFilter | SearchGroup;

export type SearchOperator = '=' | '!=' | 'IN' | 'NIN' | '>' | '<' | '~' | '!~' | '^' | '$';

export interface SearchFilter {
  field: string;
  operator: SearchOperator;
  value: string | number | boolean | null | (string | number)[];
}

export interface SearchGroup {
  operator: 'AND' | 'OR';
  value: IntercomSearchQuery[];
}
