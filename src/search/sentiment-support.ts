/**
 * Support-inbox words that general sentiment lexicons (VADER's included) miss or weigh as neutral, and
 * the sentiment words of Spanish, French, German and Portuguese customer messages. Weights follow VADER's
 * scale (about -4 to 4).
 */

const weights = (entries: Record<string, string>): ReadonlyMap<string, number> =>
  new Map(
    Object.entries(entries).flatMap(([w, words]) =>
      words
        .split(/\s+/)
        .filter(Boolean)
        .map((word) => [word, Number(w)] as const),
    ),
  );

/** Things going wrong in a product: they make a message negative whatever polite words surround them. */
export const SUPPORT_NEGATIVE = weights({
  '-3': 'outage outages unacceptable scam overcharged hacked',
  '-2.5': 'broken crash crashed crashes crashing charged twice double-charged',
  '-2': 'down bug bugs buggy error errors fails failing failed stuck stopped cancel cancelling canceling refund chargeback lost waiting nobody ignored unusable useless',
  '-1.5': 'slow glitch missing wrong delay delayed again still problem problems',
});

/** Asking for these is a request, not a complaint, when it is a question ("when will my refund …?"). */
export const REQUEST_WORDS = new Set('refund cancel cancelling canceling chargeback'.split(' '));

/** Words that say the problem went away: "thanks, that fixed it". */
export const RESOLVED = new Set(
  'fixed resolved solved sorted working works fine perfectly thanks thank great awesome appreciate helpful'.split(
    ' ',
  ),
);
export const RESOLUTION_MARKERS = new Set(
  'fixed resolved solved sorted works working arrived received appreciated better'.split(' '),
);

/** Things that should happen in support; "no reply", "doesn't work", "did not help" are complaints. */
export const EXPECTED_THINGS = new Set(
  'work works working worked load loads loading help helped helps reply replied replies response answer answered refund access login respond responded'.split(
    ' ',
  ),
);
export const NEGATORS_EN = new Set(
  'no not never dont doesnt didnt cant cannot wont isnt wasnt havent hasnt couldnt nobody zero still stopped'.split(
    ' ',
  ),
);

/** Polite words that carry little sentiment of their own in a support message. */
export const POLITE = new Set('thanks thank merci gracias danke obrigado obrigada please bitte'.split(' '));

/** Word weights for the other four languages (folded: lower case, no accents). */
export const LEXICONS: Record<'es' | 'fr' | 'de' | 'pt', ReadonlyMap<string, number>> = {
  es: weights({
    '-3': 'inaceptable horrible terrible pesimo pesima fatal estafa furioso furiosa harto harta verguenza',
    '-2': 'enfadado enfadada enojado enojada molesto molesta frustrado frustrada decepcionado decepcionada roto rota error errores fallo falla caido caida cobrado cobro reembolso cancelar queja mal malo mala lento lenta nadie problema problemas',
    '-1': 'todavia aun sigue esperando espera otra',
    '2': 'gracias genial bien bueno buena rapido rapida contento contenta feliz encanta solucionado resuelto funciona',
    '3': 'excelente perfecto perfecta increible maravilloso fantastico',
  }),
  fr: weights({
    '-3': 'inacceptable horrible terrible nul nulle arnaque furieux furieuse honte scandaleux',
    '-2': 'fache fachee enerve enervee mecontent mecontente frustre frustree frustrant decu decue casse cassee erreur erreurs bug panne plante bloque bloquee impossible rembourser remboursement annuler plainte mal mauvais mauvaise lent lente personne probleme problemes',
    '-1': 'toujours encore attends attente',
    '2': 'merci bien bon bonne rapide content contente heureux heureuse adore resolu regle fonctionne marche',
    '3': 'excellent excellente parfait parfaite genial geniale super formidable',
  }),
  de: weights({
    '-3': 'inakzeptabel schrecklich furchtbar katastrophe betrug wutend unverschamt frechheit',
    '-2': 'verargert frustriert enttauscht unzufrieden kaputt fehler absturz abgesturzt stuck doppelt erstattung ruckerstattung kundigen beschwerde schlecht schlechte langsam niemand problem probleme funktioniert',
    '-1': 'immer noch wieder warte warten',
    '2': 'danke gut gute schnell zufrieden froh glucklich gelost behoben klappt',
    '3': 'ausgezeichnet perfekt super toll hervorragend wunderbar',
  }),
  pt: weights({
    '-3': 'inaceitavel horrivel terrivel pessimo pessima golpe furioso furiosa absurdo vergonha',
    '-2': 'irritado irritada chateado chateada frustrado frustrada decepcionado decepcionada quebrado quebrada erro erros falha caiu travou cobrado cobranca reembolso cancelar reclamacao mal ruim lento lenta ninguem problema problemas',
    '-1': 'ainda continua esperando espera',
    '2': 'obrigado obrigada bom boa bem rapido rapida contente feliz adoro resolvido resolvida funciona',
    '3': 'excelente perfeito perfeita otimo otima maravilhoso fantastico',
  }),
};

/** Negation words of the four languages: they flip the next sentiment word or two. */
export const NEGATORS_OTHER = new Set(
  'no nunca jamas ni sin ne pas jamais sans nicht kein keine keinen nie ohne nao nem sem'.split(' '),
);
export const INTENSIFIERS_OTHER = new Set(
  'muy tan muito tres vraiment sehr wirklich total extremadamente'.split(' '),
);
