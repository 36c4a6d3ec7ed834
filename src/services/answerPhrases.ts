/**
 * Phrases a generated answer must not use, English and French, matched on folded text (lower case, no
 * accents, straight apostrophes: see fold in answerGuard.ts). The bot changes things only through the guided
 * tasks, so a reply saying it did (or will do) something is false; and it never asks for contact, secrets or
 * payment, so a reply that does was steered by someone else.
 */

export interface PhraseRule {
  /** Names the rule in logs (never the reply's words). */
  readonly rule: string;
  /** Global, over folded text. */
  readonly pattern: RegExp;
}

const rule = (name: string, source: string): PhraseRule => ({ rule: name, pattern: new RegExp(source, 'g') });

const enPast =
  'activated|reactivated|assigned|reassigned|renewed|sent|e-?mailed|created|updated|changed|modified|' +
  'cancell?ed|enabled|disabled|added|removed|deleted|submitted|processed|registered|extended|reset|' +
  'granted|revoked|opened|filed|raised|completed|finished|upgraded|downgraded|ordered|purchased|bought|' +
  'booked|scheduled|set up|applied|redeemed|transferred|refunded|restored|unlocked|approved|fixed|' +
  'resolved|taken care of|handled|done|initiated|started|requested|escalated|configured|installed|' +
  'issued|generated|allocated|provisioned|notified|contacted|forwarded';
const enBase =
  'activate|reactivate|assign|reassign|renew|send|e-?mail|create|update|change|modify|cancel|enable|' +
  'disable|add|remove|delete|submit|process|register|extend|reset|grant|revoke|open|file|raise|' +
  'complete|finish|upgrade|downgrade|order|purchase|buy|book|schedule|set up|apply|redeem|transfer|' +
  'refund|restore|unlock|approve|fix|resolve|take care of|handle|do (?:it|that|this|so)|initiate|start|' +
  'request|escalate|configure|install|issue|generate|allocate|provision|notify|contact|forward';
const enAdverbs = '(?: (?:just|already|now|also|successfully|quickly|gone ahead and|went ahead and))*';

const frParticiple = `(?:${
  'active|reactive|attribue|reattribue|assigne|affecte|reaffecte|renouvele|envoye|cree|mis a jour|' +
  'modifie|change|annule|ajoute|supprime|soumis|traite|enregistre|prolonge|reinitialise|ouvert|' +
  'transmis|fait|termine|commande|achete|reserve|planifie|applique|transfere|rembourse|restaure|' +
  'debloque|approuve|corrige|resolu|demande|inscrit|valide|configure|regle|lance|effectue|accorde|' +
  'octroye|installe|genere|declenche|procede|escalade|contacte|prevenu|notifie'
})(?:e|es|s)?`;
const frInfinitive =
  'activer|reactiver|attribuer|reattribuer|assigner|affecter|reaffecter|renouveler|envoyer|creer|' +
  'mettre a jour|modifier|changer|annuler|ajouter|supprimer|soumettre|traiter|enregistrer|prolonger|' +
  'reinitialiser|ouvrir|transmettre|faire|terminer|commander|acheter|reserver|planifier|appliquer|' +
  'transferer|rembourser|restaurer|debloquer|approuver|corriger|resoudre|demander|inscrire|valider|' +
  'configurer|regler|lancer|effectuer|accorder|installer|generer|declencher|proceder|contacter|' +
  'prevenir';
// The simple future of the same verbs ("j'activerai", "je l'enverrai", "je le ferai").
const frFuture = `(?:${
  'activerai|attribuerai|assignerai|affecterai|renouvellerai|renouvelerai|enverrai|creerai|modifierai|' +
  'annulerai|ajouterai|supprimerai|soumettrai|traiterai|prolongerai|ouvrirai|transmettrai|ferai|' +
  'commanderai|occuperai|chargerai|contacterai'
})`;
const frAdverbs = '(?:(?:bien|deja|maintenant|donc|aussi|egalement|correctement|juste|tout|enfin|desormais) )*';
// Object pronouns between the subject and the verb: "je vous l'ai envoye", "nous les avons attribues".
const frObjects = "(?:(?:vous|te|lui|leur|les|le|la|en|y) |l'|m'|t')*";

/** Saying the bot did, is doing or will do something itself. */
export const actionClaims: readonly PhraseRule[] = [
  rule('en: I did', `\\b(?:i(?:'ve|'d| have| had)?|we(?:'ve| have))${enAdverbs} (?:${enPast})\\b`),
  rule('en: I am doing', "\\bi(?:'m| am) (?:now |currently |just |already )?[a-z]+ing\\b"),
  rule(
    'en: I will do',
    "\\b(?:i(?:'ll| will| shall| can| could|'m going to| am going to|'d be happy to| would be happy to)" +
      `|let me|allow me to)(?: (?:now|also|just|quickly|go ahead and))* (?:${enBase})\\b`,
  ),
  rule('en: done', "(?:^|[.!?:;] ?)(?:done|all done|all set|it's done|that's done|finished|success)\\s*(?:[,.!:;-]|$)"),
  rule('en: successfully', `\\bsuccessfully (?:been )?(?:${enPast})\\b`),
  rule('en: for you', `\\b(?:${enPast})(?: (?:it|them|this|that))? (?:for you|on your behalf)\\b`),
  rule('en: is now', `\\b(?:is|are|has|have) now (?:been )?(?:active|live|ready|${enPast})\\b`),
  rule("fr: j'ai fait", `\\bj(?:'| )?ai ${frAdverbs}${frParticiple}\\b`),
  rule("fr: je l'ai fait", `\\bje ${frObjects}ai ${frAdverbs}${frParticiple}\\b`),
  rule('fr: nous avons fait', `\\bnous ${frObjects}avons ${frAdverbs}${frParticiple}\\b`),
  rule('fr: je viens de', "\\bje (?:vous |l'|les |le |la )*viens d(?:e |')"),
  rule(
    'fr: je vais faire',
    `\\bje (?:vais|peux|pourrais|pourrai|veux bien) ${frObjects}` +
      `(?:(?:tout de suite|maintenant|immediatement|rapidement|vous) )*(?:${frInfinitive})\\b`,
  ),
  rule('fr: je ferai', `\\b(?:j'|je ${frObjects})${frFuture}\\b`),
  rule("fr: je m'en occupe", "\\bje (?:m'en |m'|me )(?:occupe|charge)\\b"),
  rule('fr: laissez-moi', `\\blaissez[- ]moi (?:vous )?(?:${frInfinitive})\\b`),
  rule("fr: c'est fait", "\\bc(?:'| )?est (?:bien |maintenant |desormais |deja |tout )?(?:fait|regle|termine|fini)\\b"),
  rule('fr: voila', "(?:^|[.!?:;] ?)(?:voila|termine|c'est bon)\\s*(?:[,.!:;-]|$)"),
  rule('fr: avec succes', `\\b${frParticiple} (?:avec succes|pour vous|a votre place|de votre part)\\b`),
  rule(
    'fr: est desormais',
    `\\b(?:est|sont) (?:desormais|maintenant) (?:actif|active|actifs|actives|${frParticiple})\\b`,
  ),
  rule('fr: a bien ete', `\\b(?:a|ont) bien ete ${frParticiple}\\b`),
];

const enSecrets =
  'passwords?|passcodes?|passphrases?|pin(?: code)?|one[- ]time (?:code|password)|' +
  '(?:verification|security|authentication|confirmation|sms|2fa|mfa|otp) codes?|otp|' +
  '(?:credit|debit|bank|payment) cards?|card (?:number|details)|cvv|cvc|iban|' +
  'bank (?:details|account(?: number)?)|(?:payment|billing) (?:details|information|info)|' +
  '(?:login|sign-in) (?:details|credentials)|credentials';
const frSecrets =
  'mots? de passe|codes? (?:de verification|de securite|secret|pin|a usage unique|sms|de confirmation)|' +
  'code pin|cartes? (?:bancaire|de credit|de paiement)s?|numero de (?:carte|compte)|cryptogramme|' +
  'coordonnees bancaires|(?:informations|donnees|details) de paiement|identifiants? de connexion';

/** Telling the user to act outside the knowledge base: hand over secrets, write back, contact someone. */
export const outsideActions: readonly PhraseRule[] = [
  rule('en: secrets', `\\b(?:${enSecrets})\\b`),
  rule('fr: secrets', `\\b(?:${frSecrets})\\b`),
  rule('en: reply with', '\\b(?:reply|respond|answer|write back)(?: to (?:me|this|us))? (?:with|by)\\b'),
  rule(
    'en: send me',
    '\\b(?:send|give|tell|forward|e-?mail|text|dm|message|call|phone|ring|contact|write to|share with)' +
      ' (?:(?:it|them|this|that|those|these|your \\w+) (?:to )?)?(?:me|us)\\b',
  ),
  rule(
    'en: paste here',
    '\\b(?:paste|type|enter|post|share|provide|give|send) (?:your|the) (?:\\w+ ){0,2}' +
      '(?:here|in (?:this|the) chat|below|to me)\\b',
  ),
  rule(
    'fr: repondez avec',
    '\\b(?:repondez|repondre|reponds)(?:[- ]moi)? (?:avec|en (?:indiquant|donnant|envoyant)|par)\\b',
  ),
  rule(
    'fr: envoyez-moi',
    '\\b(?:envoyez|envoie|envoyer|donnez|donne|communiquez|communique|transmettez|transmets|ecrivez|ecris|appelez' +
      '|appelle|contactez|contacte|dites|dis|indiquez|indique|partagez|partage|faites)[- ]moi\\b',
  ),
  rule(
    'fr: me transmettre',
    "\\b(?:m'envoyer|me (?:transmettre|communiquer|donner|envoyer|dire|indiquer|contacter|appeler|ecrire))\\b",
  ),
  rule(
    'fr: collez ici',
    '\\b(?:collez|tapez|saisissez|entrez|indiquez|postez|envoyez) (?:votre|vos|le|la|les) (?:\\S+ ){0,2}' +
      '(?:ici|dans (?:ce|le) (?:chat|fil|message)|ci-dessous)\\b',
  ),
];
