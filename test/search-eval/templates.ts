// First messages of the evaluation workspace: a topic, a language and the sentiment each one is written with.

export type Topic = 'login' | 'refund' | 'invoice' | 'mobile app' | 'export' | 'password' | 'shipping';

export interface Template {
  topic: Topic;
  lang: 'en' | 'es' | 'fr' | 'de' | 'pt';
  sentiment: 'negative' | 'neutral' | 'positive';
  text: string;
}

const t = (
  topic: Topic,
  lang: Template['lang'],
  sentiment: Template['sentiment'],
  text: string,
): Template => ({
  topic,
  lang,
  sentiment,
  text,
});

export const TEMPLATES: Template[] = [
  t('login', 'en', 'negative', 'I still cannot log in and nobody answers. This is unacceptable.'),
  t('login', 'en', 'neutral', 'How do I log in with Google on a new laptop?'),
  t('login', 'en', 'positive', 'Logging in works again, thank you so much for the quick fix!'),
  t('refund', 'en', 'negative', 'You charged me twice and I want a refund now. Terrible service.'),
  t('refund', 'en', 'neutral', 'Can you tell me when the refund for order 1182 will be processed?'),
  t('refund', 'en', 'positive', 'The refunds arrived today, thanks a lot, great support!'),
  t('invoice', 'en', 'negative', 'My invoice is wrong again and I am really frustrated.'),
  t('invoice', 'en', 'neutral', 'Could you resend the invoices for March and April?'),
  t('invoice', 'en', 'positive', 'Thanks, the corrected invoice looks perfect.'),
  t('mobile app', 'en', 'negative', 'The mobile app crashes every time I open it. Awful.'),
  t('mobile app', 'en', 'neutral', 'Is the mobile app available for tablets?'),
  t('mobile app', 'en', 'positive', 'I love the new mobile app, it is so much faster!'),
  t('export', 'en', 'negative', 'Exporting contacts fails with an error every time, we are stuck.'),
  t('export', 'en', 'neutral', 'Where can I export my contacts to CSV?'),
  t('password', 'en', 'neutral', 'How do I reset the password of a teammate?'),
  t('password', 'en', 'negative', 'The password reset email never arrives, this is ridiculous.'),
  t('shipping', 'en', 'negative', 'My order still has not shipped after two weeks. Very disappointed.'),
  t('shipping', 'en', 'neutral', 'Which carrier do you use for shipping to Canada?'),
  t('invoice', 'es', 'negative', 'La factura de octubre está mal y nadie responde, estoy muy enfadado.'),
  t('invoice', 'es', 'neutral', '¿Dónde puedo descargar mis facturas del año pasado?'),
  t('refund', 'es', 'negative', 'Sigo esperando el reembolso, pésimo servicio.'),
  t('refund', 'es', 'positive', 'Gracias, el reembolso ya llegó. Excelente atención.'),
  t('login', 'es', 'neutral', '¿Cómo puedo iniciar sesión con mi cuenta de Google?'),
  t('invoice', 'fr', 'negative', 'La facture est fausse encore une fois, je suis très mécontent.'),
  t('invoice', 'fr', 'neutral', 'Pouvez-vous renvoyer les factures de mars ?'),
  t('refund', 'fr', 'positive', 'Merci beaucoup, le remboursement est bien arrivé. Service parfait.'),
  t('login', 'fr', 'negative', 'Impossible de me connecter depuis hier, c’est inacceptable.'),
  t('invoice', 'de', 'negative', 'Die Rechnung ist schon wieder falsch, ich bin wütend.'),
  t('invoice', 'de', 'neutral', 'Können Sie mir die Rechnungen für März schicken?'),
  t('refund', 'de', 'positive', 'Vielen Dank, die Rückerstattung ist angekommen. Super Service!'),
  t('login', 'de', 'negative', 'Ich kann mich seit gestern nicht anmelden, das ist inakzeptabel.'),
  t('invoice', 'pt', 'negative', 'A fatura está errada de novo e ninguém responde, estou muito irritado.'),
  t('invoice', 'pt', 'neutral', 'Onde posso baixar as faturas de outubro?'),
  t('refund', 'pt', 'positive', 'Obrigado, o reembolso chegou. Excelente atendimento!'),
];
