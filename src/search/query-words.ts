/** Vocabulary of the conversation query parser. Everything is lower case. */

const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

/** Words with no filter meaning of their own: "show me all the open conversations with ...". */
export const FILLER = words(`
  conversation conversations convo convos chat chats thread threads message messages
  show find list get fetch search give display see me all any every only just
  the a an of in on at for with within during over to by and or also please
  that which who whose where are is were was be been being have has had there
  i we us some ones those these currently still state status inbox
`);

/** Words that start a rule; a name or a topic ends where one of these begins. */
export const KEYWORDS = words(`
  open closed snoozed resolved unassigned assigned assignee team teams tag tags tagged labeled labelled
  about regarding mentioning containing concerning re from since before after between until till through
  created updated modified changed last past previous this current today yesterday older
  priority prioritized prioritised non-priority high low normal unread read
  not no without except excluding never
`);

/** Words that end a topic ("about refunds for team X"); other filler inside a topic is skipped. */
export const TOPIC_ENDS = words(`
  for in within during on at by that which who whose where are is were was from with
`);

/** Words skipped inside a topic or a quoted phrase: too common to be worth a body-word condition. */
export const STOPWORDS = words(`
  the a an my our your their his her its of to and is are was were be it this that i we you
`);

export const NEGATIONS = words(`
  not no without except excluding exclude never non isn't aren't don't doesn't haven't hasn't wasn't weren't
`);

export const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  thirty: 30,
};

export type DateUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

export const UNITS: Record<string, DateUnit> = {
  hour: 'hour',
  hours: 'hour',
  hr: 'hour',
  hrs: 'hour',
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  wk: 'week',
  wks: 'week',
  month: 'month',
  months: 'month',
  year: 'year',
  years: 'year',
};

const MONTH_NAMES = 'january february march april may june july august september october november december';

/** "january" and "jan" (and "sept") to 1-12. */
export const MONTHS: Record<string, number> = Object.fromEntries(
  MONTH_NAMES.split(' ').flatMap((name, index) => [
    [name, index + 1],
    [name.slice(0, 3), index + 1],
    ...(name === 'september' ? [['sept', 9]] : []),
  ]),
);

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const CONTACT_ID_RE = /^[0-9a-f]{24}$/i;
