/**
 * Word weights from -5 to +5 in the style of AFINN-165, cut down to words that matter in customer
 * support text, plus support-specific terms (refund, broken, cancel, asap, ...) weighted for how they
 * read in a support inbox: asking for a refund or to cancel is a mild complaint, "thanks" is politeness.
 */
const WEIGHTS: Record<number, string> = {
  [-5]: 'scam scammed fraud fraudulent',
  [-4]: 'furious outrageous disgusting horrible worst useless pathetic hate hated',
  [-3]: `angry awful terrible broken unacceptable ridiculous frustrated frustrating rude hacked
    stolen garbage nightmare incompetent bad lied misleading`,
  [-2]: `disappointed disappointing unhappy upset annoyed annoying confusing wrong fail failed fails
    failing failure crash crashed crashes crashing cancel cancelled canceled cancellation cancelling
    complaint complain complaining chargeback stuck poor worse sucks lost outage charged overcharged
    impossible problem problems unable error errors bug bugs buggy slow waste wasted refund refunds
    trouble hassle worry worries`,
  [-1]: `issue issues confused missing waiting delay delayed urgent urgently asap still unfortunately
    difficult hard down expensive glitch annoy concern concerned`,
  1: 'thanks thank ok okay fine works worked resolved quick fast easy clear',
  2: 'good nice helpful appreciate appreciated glad happy pleased fixed solved smooth recommend',
  3: 'great excellent love loved lovely wonderful fantastic perfect brilliant superb delighted',
  4: 'awesome amazing outstanding incredible',
};

export const LEXICON: ReadonlyMap<string, number> = new Map(
  Object.entries(WEIGHTS).flatMap(([weight, words]) =>
    words
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => [word, Number(weight)] as const),
  ),
);

/**
 * Words that are neutral alone but negative when negated: "I work at Acme" says nothing, "it doesn't
 * work" is a complaint. Their weight is used as is under negation instead of being flipped.
 */
export const NEGATED_WEIGHTS: ReadonlyMap<string, number> = new Map(
  'work works working worked load loads loading login log access help helps helped reply replied respond responded response'
    .split(' ')
    .map((word) => [word, -2] as const),
);

/** Multipliers for the next sentiment word ("very happy", "slightly annoyed"). */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 1.5],
  ['really', 1.5],
  ['so', 1.5],
  ['extremely', 1.8],
  ['super', 1.5],
  ['incredibly', 1.8],
  ['absolutely', 1.5],
  ['completely', 1.5],
  ['totally', 1.5],
  ['utterly', 1.8],
  ['seriously', 1.5],
  ['beyond', 1.5],
  ['slightly', 0.5],
  ['somewhat', 0.6],
  ['little', 0.6],
  ['bit', 0.6],
  ['kinda', 0.6],
  ['barely', 0.4],
]);

/** Words that flip the next sentiment words ("not happy", "doesn't work", "no problem"). */
export const NEGATORS = new Set([
  'not',
  'never',
  'none',
  'nothing',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'wont',
  'hasnt',
  'havent',
  'hadnt',
  'couldnt',
  'shouldnt',
  'wouldnt',
  'aint',
  'neither',
  'nor',
]);

/**
 * "no" and "without" negate only a few words: "no problem" and "without issues" are good news, but
 * "no refund" and "without a reply" are not. Other words keep their weight (or take their negated one).
 */
export const SOFT_NEGATORS = new Set(['no', 'without']);
export const SOFT_FLIPPED = new Set(
  'problem problems issue issues worry worries complaint complaints trouble hassle bug bugs error errors wrong'.split(
    ' ',
  ),
);

export const EMOTICONS: ReadonlyMap<string, number> = new Map([
  [':)', 2],
  [':-)', 2],
  [':d', 3],
  ['🙂', 2],
  ['😊', 2],
  ['😀', 3],
  ['👍', 2],
  ['❤️', 3],
  ['🙏', 1],
  [':(', -2],
  [':-(', -2],
  ['😞', -2],
  ['😢', -2],
  ['😠', -3],
  ['😡', -4],
  ['👎', -2],
]);
