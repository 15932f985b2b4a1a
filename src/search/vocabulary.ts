/**
 * The words the conversation query parser knows, in English, Spanish, French, German and Portuguese.
 * Everything is lower case and without accents (see `fold`): a query is matched after the same folding,
 * so "cerradas", "fermées" and "geschlossen" need one entry each, not one per spelling.
 */

/** Lower case, accents removed ("Fermées" → "fermees", "Rückerstattung" → "ruckerstattung"). */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const set = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

const table = <T>(entries: Record<string, T>): ReadonlyMap<string, T> => {
  const out = new Map<string, T>();
  for (const [words, value] of Object.entries(entries)) for (const w of set(words)) out.set(w, value);
  return out;
};

export type Lang = 'en' | 'es' | 'fr' | 'de' | 'pt';

/** Words that say which conversations without being a condition ("show me all the conversations"). */
export const FILLER = set(`
  conversation conversations convo convos chat chats thread threads message messages ticket tickets case cases
  show find list get fetch search give display see all any every only just please also
  the a an of in on at for with within during to by and or that which who whose where
  are is were was be been being have has had there i we us some ones those these currently still now
  everything anything something everyone anyone stuff
  but however pero mais aber mas state status inbox ones customer customers user users client clients people person contact contacts
  conversacion conversaciones conversa conversas mensajes mensagens mensagem chamados chamado tickets
  todas todos todo las los la el un una unos unas de del en con por para que y o ya aun estan esta son
  muestrame mostrar buscar dame ver encuentra clientes cliente usuarios usuario
  les le la un une des du de en avec pour par que qui et ou sont est toutes tous tout montre moi trouve cherche
  liste afficher encore deja clients client utilisateurs
  die der das den dem des ein eine einen mit fur von zu und oder sind ist alle alles zeige mir finde suche
  noch schon kunden kunde nutzer gesprache gesprach unterhaltungen anfragen anfrage konversationen
  as os o a um uma de do da dos das em no na nos nas com por para que e ou sao todas todos mostre me ache
  procure ainda ja conversas clientes cliente usuarios
`);

/** Words too generic to search the text for: they describe the request, not its topic. */
export const GENERIC = set(`
  problem problems issue issues trouble troubles question questions request requests query queries
  related regarding feedback comments comment handling handles handled owning owns working
  thing things something matter topic topics help support new old recent latest
  latest newest older oldest some many few lot lots kind type sort mentioned mention mentioning mentions
  talking talk talked said saying say says asked asking ask asks complaining complaint complaints about
  problema problemas asunto asuntos pregunta preguntas sobre acerca tema temas relacionado relacionadas
  nuevo nuevos nueva nuevas mencionan mencionaron hablan
  probleme problemes question questions sujet sujets concernant propos nouveau nouveaux nouvelle nouvelles
  mentionnent parlent
  problem probleme frage fragen thema themen bezuglich uber neu neue neuen erwahnen
  problema problemas questao questoes pergunta perguntas assunto sobre novo novos nova novas mencionam
`);

export const NEGATIONS = set(`
  not no without except excluding exclude excludes never non isnt arent dont doesnt wasnt werent havent hasnt
  sin excepto salvo excluyendo menos
  pas sans sauf hors excepte
  nicht ohne ausser kein keine keinen ausgenommen
  nao sem exceto excluindo
`);

export type StateWord = 'open' | 'closed' | 'snoozed';

export const STATES: ReadonlyMap<string, StateWord> = table<StateWord>({
  'open abierta abiertas abierto abiertos ouvert ouverte ouverts ouvertes offen offene offenen offener aberta abertas aberto abertos':
    'open',
  'closed resolved cerrada cerradas cerrado cerrados resuelta resueltas resuelto resueltos ferme fermee fermees fermes resolue resolues cloture cloturee cloturees geschlossen geschlossene geschlossenen gelost geloste gelosten erledigt erledigte fechada fechadas fechado fechados resolvida resolvidas resolvido resolvidos':
    'closed',
  'snoozed pospuesta pospuestas pospuesto pospuestos pausada pausadas reporte reportee reportees zuruckgestellt zuruckgestellte schlummernd adiada adiadas adiado adiados':
    'snoozed',
});

/** A date's field, named by the verb before it ("closed yesterday", "updated since Monday"). */
export type DateField = 'created' | 'updated' | 'closed' | 'replied' | 'contact_replied' | 'assigned';

export const DATE_VERBS: ReadonlyMap<string, DateField> = table<DateField>({
  'created started opened received submitted creadas creados creada creado recibidas creees creee recues erstellt erstellte eroffnet eingegangen eingegangene criadas criados criada recebidas':
    'created',
  'updated modified changed active actualizadas actualizados modificadas mises modifiees aktualisiert geandert atualizadas atualizados modificadas':
    'updated',
  'closed resolved cerradas cerrados resueltas fermees resolues cloturees geschlossen geschlossene gelost erledigt fechadas fechados resolvidas':
    'closed',
  'replied answered responded respondidas contestadas repondues beantwortet respondidas': 'replied',
  'assigned asignadas asignados assignees zugewiesen zugewiesene atribuidas atribuidos': 'assigned',
});

/** Words before a name that mean "assigned to" ("assigned to Bob", "asignadas a Bob", "handled by Bob"). */
export const ASSIGN_WORDS = set(`
  assigned assignee assignees owned handled owner asignadas asignados asignada asignado asignar
  assignees assignee assigne attribuees attribuee zugewiesen zugewiesene zugeordnet zustandig
  atribuidas atribuidos atribuida atribuido atribuir
`);
/** Words between an assign word and the name ("to", "a", "à", "an"). */
export const ASSIGN_LINKS = set('to by a an au aux para pour');

export const ME_WORDS = set(
  'me myself mine my mi mis mio mia moi mes mon ma mich meine meinen mir mim minhas meus minha meu',
);
export const NOBODY_WORDS = set('nobody noone nadie personne niemand ninguem unassigned');
export const UNASSIGNED_WORDS = set(`
  unassigned sin-asignar nonassignees nicht-zugewiesen nao-atribuidas
`);

export const TEAM_WORDS = set('team teams equipo equipos equipe equipes inbox bandeja');
export const TAG_WORDS = set(`
  tagged tag tags labeled labelled label labels etiquetada etiquetadas etiquetado etiquetados etiqueta etiquetas
  etiquetee etiquetees etiquette etiquettes getaggt markiert tag tags schlagwort
`);

export const PRIORITY_WORDS = set(`
  priority prioritized prioritised urgent prioritaria prioritarias prioritario prioritarios urgente urgentes
  prioritaire prioritaires priorite dringend dringende dringenden prioritat priorisiert prioritarias prioritaria
`);

export const UNREAD_WORDS = set('unread noleidas ungelesen ungelesene ungelesenen');
export const READ_WORDS = set('read leidas leidos lues lus gelesen gelesene lidas lidos');

export type SentimentWord = 'negative' | 'neutral' | 'positive';

export const SENTIMENT_WORDS: ReadonlyMap<string, SentimentWord> = table<SentimentWord>({
  'angry furious frustrated upset unhappy annoyed mad irritated disappointed dissatisfied negative complaining irate livid enfadado enfadados enfadada enfadadas enojado enojados enojada enojadas molesto molestos molesta molestas frustrado frustrados frustrada frustradas insatisfecho insatisfechos negativos negativas fache faches fachee fachees enerve enerves enervee enervees mecontent mecontents mecontente mecontentes frustre frustres frustree frustrees negatifs negatives wutend wutende wutenden verargert verargerte verargerten frustrierte frustrierten frustriert unzufrieden unzufriedene unzufriedenen negative negativen irritado irritados irritada irritadas zangado zangados zangada zangadas chateado chateados insatisfeito insatisfeitos insatisfeita insatisfeitas negativos':
    'negative',
  'happy satisfied pleased delighted positive glad thankful grateful contento contentos contenta contentas feliz felices satisfecho satisfechos satisfecha satisfechas positivos positivas content contents contente contentes satisfait satisfaits satisfaite satisfaites heureux heureuse heureuses positifs positives zufrieden zufriedene zufriedenen glucklich gluckliche glucklichen positiven satisfeito satisfeitos satisfeita satisfeitas felizes contente contentes positivos':
    'positive',
  neutral: 'neutral',
});

/** Intercom's source.type values, by the words people use for the channel. */
export const CHANNELS: ReadonlyMap<string, string> = table<string>({
  'email emails e-mail mail correo courriel': 'email',
  'chat messenger livechat': 'conversation',
  'phone call calls telefono telephone telefon telefone': 'phone_call',
  sms: 'sms',
  whatsapp: 'whatsapp',
  facebook: 'facebook',
  instagram: 'instagram',
  twitter: 'twitter',
});
/** Words before a channel ("via email", "by phone", "por correo", "par e-mail", "per E-Mail"). */
export const CHANNEL_LINKS = set('via by through over from on thru por par per pelo');

export const RATING_WORDS = set(`
  rating ratings rated rate csat score scored stars star review valoracion valoraciones calificacion
  calificaciones puntuacion note notes notee evaluation bewertung bewertungen bewertet avaliacao avaliacoes
  nota avaliada avaliadas estrellas etoiles sterne sternen estrelas
`);
export const BAD_WORDS = set(
  'bad low poor negative terrible awful worst mala malas baja bajas mauvaise mauvaises basse schlechte schlechter schlecht niedrige ruim ruins baixa baixas',
);
export const GOOD_WORDS = set(
  'good high great positive excellent best buena buenas alta altas bonne bonnes haute gute guter gut hohe boa boas alta',
);

export const WAITING_WORDS = set(`
  waiting awaiting wait waits unanswered esperando espera attente attend attendent wartet warten wartend
  aguardando
`);
/** "on the customer", "for the customer", "del cliente", "du client", "auf den Kunden", "do cliente". */
export const CUSTOMER_SIDE = set(
  'customer customers client clients user users cliente clientes kunden kunde usuario',
);
export const US_SIDE = set(
  'us reply replies response answer respuesta reponse antwort resposta agent agents team',
);

export const MORE_THAN = set('more over longer least beyond mas plus uber mehr mais');

export const TOPIC_WORDS = set(`
  about regarding mentioning containing concerning re mentioned mention mentions
  sobre acerca mencionan menciona mencionando concernant propos mentionnant uber bezuglich betreffend sobre
`);

/** Contact prefixes before an email or a name ("from jane@x.com", "customer Jane Doe", "de Ana"). */
export const FROM_WORDS = set('from by de von da');
export const COMPANY_WORDS = set('company companies empresa empresas entreprise societe firma unternehmen');

export const NUMBER_WORDS: ReadonlyMap<string, number> = table<number>({
  'one a an un una uno une ein eine einen um uma': 1,
  'two dos deux zwei dois duas': 2,
  'three tres trois drei': 3,
  'four cuatro quatre vier quatro': 4,
  'five cinco cinq funf': 5,
  'six seis sechs': 6,
  'seven siete sept sieben sete': 7,
  'eight ocho huit acht oito': 8,
  'nine nueve neuf neun nove': 9,
  'ten diez dix zehn dez': 10,
  'fourteen catorce quatorze vierzehn': 14,
  'thirty treinta trente dreissig trinta': 30,
});

export type DateUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

export const UNITS: ReadonlyMap<string, DateUnit> = table<DateUnit>({
  'hour hours hr hrs h hora horas heure heures stunde stunden': 'hour',
  'day days d dia dias jour jours tag tage tagen': 'day',
  'week weeks wk wks w semana semanas semaine semaines woche wochen': 'week',
  'month months mes meses mois monat monate monaten mes': 'month',
  'year years ano anos an ans annee annees jahr jahre jahren': 'year',
});

/** "last", "past": before a unit ("last week") or a count ("last 7 days"). */
export const LAST_WORDS = set(`
  last past previous ultimos ultimas ultimo ultima pasados pasadas pasado pasada anterior
  derniers dernieres dernier derniere passe passes passee passees precedent precedente
  letzten letzte letzter letztes vergangenen vergangene vergangener vorigen vorige voriger
  passados passadas passado passada
`);
export const THIS_WORDS = set('this current este esta ce cette cet diese diesen dieser dieses');
export const AGO_BEFORE = set('hace ilya'); // "hace 3 días", "il y a 3 jours" (joined)
export const AGO_AFTER = set('ago atras');
export const AGO_GERMAN = set('vor ha'); // "vor 3 Tagen", "há 3 dias"

export const TODAY = set('today hoy aujourdhui heute hoje');
export const YESTERDAY = set('yesterday ayer hier gestern ontem');

export type RangeWord = 'since' | 'after' | 'before' | 'until' | 'between' | 'in' | 'from';
export const RANGE_WORDS: ReadonlyMap<string, RangeWord> = table<RangeWord>({
  'since desde depuis seit': 'since',
  'after despues apres nach apos': 'after',
  'before antes avant bevor': 'before',
  'until till through thru hasta jusqu jusqua bis ate': 'until',
  'between entre zwischen': 'between',
  'in on during within en el le au am im em durante pendant wahrend': 'in',
  from: 'from',
});
export const RANGE_JOINERS = set('to until till through thru and y et und e a bis ate hasta au');

const MONTH_NAMES: Record<number, string> = {
  1: 'january jan enero janvier janv januar janeiro',
  2: 'february feb febrero fevrier fevr februar fevereiro',
  3: 'march mar marzo mars marz marco',
  4: 'april apr abril avril',
  5: 'may mayo mai maio',
  6: 'june jun junio juin juni junho',
  7: 'july jul julio juillet juil juli julho',
  8: 'august aug agosto aout',
  9: 'september sep sept septiembre septembre setembro',
  10: 'october oct octubre octobre oktober outubro',
  11: 'november nov noviembre novembre novembro',
  12: 'december dec diciembre decembre dezember dezembro',
};

export const MONTHS: ReadonlyMap<string, number> = new Map(
  Object.entries(MONTH_NAMES).flatMap(([n, names]) => [...set(names)].map((w) => [w, Number(n)] as const)),
);

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const CONTACT_ID_RE = /^[0-9a-f]{24}$/i;
