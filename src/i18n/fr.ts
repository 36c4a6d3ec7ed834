import { list } from '../formatting';
import type { Replies, TaskStrings } from './en';

/** Every French string the bot shows, in the project's own words; the shapes come from the English module. */

export const frReplies: Replies = {
  welcomeTitle: 'Assistant avantages partenaires',
  welcomeIntro:
    'Bonjour ! Je réponds aux questions sur les avantages de l’adhésion à Microsoft Partner Network, en français ' +
    'ou en anglais, avec la source de chaque réponse.',
  helpTitle: 'Ce que je sais faire',
  capabilities: [
    'Répondre aux questions sur les avantages : renouvellement, abonnements Visual Studio, avantages techniques, ' +
      'licences, clés et jetons.',
    'Indiquer la page source de chaque réponse, avec le détail et les questions liées.',
    'Apprendre de vos retours (Oui / Non) pour améliorer les réponses.',
    'Étape par étape : activer les avantages techniques et attribuer les abonnements Visual Studio ' +
      '(administrateurs), ' +
      'consulter les dates de renouvellement (tout le monde). Tapez « activer les avantages techniques ' +
      '», « attribuer ' +
      'un abonnement Visual Studio » ou « quand renouveler ».',
  ],
  tasksTitle: 'Tâches guidées',
  tasksNote:
    'Réservé aux administrateurs : activer un avantage technique demande le rôle d’administrateur général ou ' +
    'd’administrateur partenaire MPN, attribuer Visual Studio celui d’administrateur général. Tout le monde peut ' +
    'consulter les dates de renouvellement.',
  doItForMe: 'Le faire pour moi',
  tryAsking: 'Essayez par exemple :',
  examples: ['Quand renouveler l’Action Pack ?', 'Attribuer Visual Studio', 'Où est mon ID d’accès ?'],
  help: 'Aide',
  showDetails: 'Détails',
  source: 'Source',
  related: 'Questions liées',
  wasHelpful: 'Cette réponse vous a-t-elle aidé ?',
  yes: 'Oui',
  no: 'Non',
  aiGenerated: 'Réponse générée par IA à partir de la base de connaissances. Vérifiez les sources.',
  manifestAiNotice:
    'Les réponses peuvent être générées par IA à partir de la base de connaissances ; chacune cite sa source.',
  sources: 'Sources',
  didYouMean: 'Vouliez-vous dire…',
  noneOfThese: 'Aucune de ces réponses',
  noAnswerTitle: 'Je n’ai pas de réponse à cette question',
  noAnswerText:
    'Cette question sort de ce que je sais des avantages Partner Network : je préfère ne pas deviner. Reformulez-la ' +
    'avec le nom de l’avantage ou de l’offre, ou choisissez un sujet ci-dessous.',
  popularTopics: 'Sujets fréquents',
  composeNoMatch: (query) =>
    `Aucune réponse ne correspond à « ${query} ». Essayez quelques mots sur un avantage ou une tâche, ` +
    'par exemple « période de renouvellement », « attribuer Visual Studio » ou « ID d’accès » ; ' +
    'une recherche vide affiche les questions les plus posées.',
  messageTooLong:
    'Ce message est trop long pour que je le lise. Posez votre question en une phrase ou deux, avec le nom de ' +
    'l’avantage ou de l’offre, et je chercherai la réponse.',
  composeTooLong:
    'Cette recherche est trop longue. Tapez quelques mots sur un avantage ou une tâche, par exemple ' +
    '« période de renouvellement ».',
  noneOfTheseReply:
    'Merci, j’ai noté qu’aucune réponse ne convenait : l’équipe pourra en ajouter une. Reformulez avec le nom ' +
    'de l’offre ou de l’avantage, ou tapez **aide**.',
  thanksUp: 'Merci pour votre retour ! 👍',
  thanksDown:
    'Merci, je transmets pour que la réponse soit améliorée. Vous pouvez aussi consulter la page source ' +
    'ou reformuler ' +
    'la question.',
  cardNotUnderstood: 'Ce bouton n’est plus valable. Voici ce que je sais faire :',
  error: 'Désolé, un problème est survenu de mon côté. Réessayez dans un instant.',
  groupWelcome: (mention) =>
    `Bonjour ${mention}, merci de m’avoir ajouté ! Mentionnez-moi avec une question sur les avantages ` +
    'Partner Network et je répondrai ici, source à l’appui. Les tâches guidées d’administration se font dans ' +
    'notre conversation privée.',
  commands: {
    // help, menu, hello and stop are also typed as they are by French speakers: they keep the user's language.
    help: [
      'aide',
      'commande',
      'commandes',
      'que sais-tu faire',
      'que sais tu faire',
      'que peux-tu faire',
      'que peux tu faire',
      'help',
      'menu',
    ],
    welcome: ['bonjour', 'salut', 'bonsoir', 'coucou', 'hello'],
    cancel: ['annuler', 'arrêter', 'arrête', 'abandonner', 'stop'],
    tasks: {
      'activate-technical-benefit': [
        /^activer (les |un |mes |nos |l')?(avantages? techniques?|support)$/,
        /^quels (sont )?(nos |les |mes )?avantages techniques( (avons[- ]nous|a-t-on|ai-je))?$/,
        /^((afficher|voir|montrer|lister)( les| nos| mes)?|nos|mes) avantages techniques$/,
      ],
      'assign-visual-studio': [
        /^(re)?(attribuer|assigner) (un |une |des |l')?((abonnements?|licences?) )?(visual studio|vs)$/,
        /^qui a (un |une |des |l')?((abonnements?|licences?) )?(visual studio|vs)$/,
        /^((afficher|voir|montrer|lister)( les| nos| mes)?|nos|mes) (abonnements|licences) (visual studio|vs)$/,
        /^quel(le)?s (sont )?(nos |les |mes )?(abonnements|licences) (visual studio|vs)$/,
        /^quel(le)?s (sont )?(nos |les |mes )?(abonnements|licences) (visual studio|vs) (avons[- ]nous|a-t-on|ai-je)$/,
      ],
      'renewal-dates': [/^(quand renouveler|(mes |nos |les )?dates? de renouvellement|renouvellements?)$/],
    },
  },
  legal: {
    privacyTitle: 'Assistant des avantages partenaires : confidentialité',
    privacy: [
      'Cet assistant fonctionne sur les serveurs choisis par l’organisation qui l’a installé dans Microsoft ' +
        'Teams ; rien n’est transmis à ses auteurs.',
      'Pour vous répondre, il conserve : où vous joindre dans Teams et la dernière langue utilisée ; l’étape ' +
        'd’une tâche guidée en cours (effacée après un jour sans usage, ou la durée configurée) ; vos votes ' +
        'Oui / Non sur les réponses et les questions restées sans réponse, sans votre nom, pour améliorer ' +
        'les réponses.',
      'Si un modèle de langage est configuré, votre question et les fiches correspondantes de la base de ' +
        'connaissances lui sont envoyées pour formuler la réponse. Demandez à votre administrateur lequel, ' +
        'ainsi que la déclaration de confidentialité de l’organisation.',
    ],
    termsTitle: 'Assistant des avantages partenaires : conditions d’utilisation',
    terms: [
      'Les réponses résument la documentation publique de l’Espace partenaires de Microsoft et y renvoient ; ' +
        'la page liée fait foi. Une réponse générée peut contenir des erreurs : vérifiez les sources.',
      'Les tâches guidées agissent dans le compte partenaire de votre organisation avec vos propres rôles ; ' +
        'l’assistant demande confirmation avant chaque modification.',
      'L’organisation qui a installé l’assistant fixe ses propres conditions ; renseignez-vous auprès de ' +
        'votre administrateur.',
    ],
  },
};

/** How long a task stays open without a click: "une journée", "2 jours", "une heure", "12 heures". */
const idleFor = (hours: number): string => {
  if (hours === 24) return 'une journée';
  if (hours % 24 === 0) return `${hours / 24} jours`;
  return hours === 1 ? 'une heure' : `${hours.toLocaleString('fr-FR')} ${hours < 2 ? 'heure' : 'heures'}`;
};

export const frTasks: TaskStrings = {
  taskTitles: {
    'activate-technical-benefit': 'Activer un avantage technique',
    'assign-visual-studio': 'Attribuer un abonnement Visual Studio',
    'renewal-dates': 'Dates de renouvellement',
  },
  step: (n, total) => `Étape ${n} sur ${total}`,
  back: 'Retour',
  cancel: 'Annuler',
  next: 'Suivant',
  confirm: 'Confirmer',
  close: 'Fermer',
  cancelled: 'Annulé. Rien n’a été modifié.',
  cancelledReply: 'C’est noté, j’ai annulé cette tâche. Rien n’a été modifié.',
  closedOpenTask: (title, kept) =>
    kept
      ? `J’ai fermé votre tâche en cours « ${title} ». ${kept}`
      : `J’ai fermé votre tâche en cours « ${title} » ; rien n’a été modifié. Voici celle que vous avez demandée.`,
  staleTitle: 'Assistant avantages partenaires',
  staleCard: 'Cette carte n’est plus active. Tapez **aide** pour recommencer.',
  groupTaskRedirect: (title) =>
    `« ${title} » se fait dans notre conversation privée, où personne d’autre que vous ne voit ses cartes ` +
    'ni les informations de votre organisation. Ouvrez-la et demandez-le-moi là-bas.',
  openPersonalChat: 'Ouvrir notre conversation privée',
  notYourCard: (owner) =>
    `Cette carte appartient à ${owner || 'quelqu’un d’autre'} ; ouvrez la vôtre depuis la conversation privée.`,
  taskExpired: (hours) => `Cette tâche avait expiré : une tâche laissée ${idleFor(hours)} sans clic est fermée.`,
  collided:
    'Ce clic est arrivé en même temps qu’un autre sur cette tâche, et c’est l’autre qui a été pris en compte. ' +
    'Vérifiez la carte et appuyez de nouveau si besoin.',
  notInDirectory:
    'Je ne vous trouve pas dans l’annuaire Espace partenaires de votre organisation : je ne peux donc ni afficher ' +
    'ni modifier ses avantages. Demandez à votre administrateur général de vous ajouter.',
  unavailable:
    'Espace partenaires est injoignable pour le moment. Rien n’a été modifié ; réessayez dans quelques minutes.',
  misconfigured:
    'La connexion du bot à l’Espace partenaires n’est pas configurée correctement : je ne peux donc rien y afficher ' +
    'ni modifier. Rien n’a été modifié. Demandez à votre administrateur de vérifier les paramètres ' +
    'Espace partenaires ' +
    'du bot.',
  roles: {
    GlobalAdmin: 'administrateur général',
    UserAdmin: 'administrateur des utilisateurs',
    AdminAgent: 'agent administrateur',
    MpnPartnerAdmin: 'administrateur partenaire MPN',
  },
  forbidden: (needed, admins) =>
    `Il faut pour cela le rôle ${list(needed, 'fr')}, que vous n’avez pas.` +
    (admins.length
      ? ` Vos administrateurs généraux : ${admins.join(', ')}.`
      : ' Adressez-vous à votre administrateur général.'),
  benefitKinds: {
    ProductSupport: 'Support produit Microsoft (local)',
    SignatureCloudSupport: 'Support cloud Signature',
    AdvisoryHours: 'Heures de conseil partenaire',
    PresalesDeployment: 'Services techniques d’avant-vente et de déploiement',
  },
  benefitStatus: { NotActivated: 'Non activé', Pending: 'En attente', Active: 'Actif' },
  incidents: (n) => `${n} incidents`,
  unlimited: 'Illimité',
  onRequest: 'Sur demande',
  entitlement: 'Droits',
  status: 'État',
  offer: 'Offre',
  accessId: 'ID d’accès',
  contractId: 'ID de contrat',
  expected: 'Prévu',
  activate: 'Activer',
  chooseBenefit: 'Choisissez l’avantage à activer.',
  benefitRow: (kind, offer) => `${kind} — ${offer}`,
  benefitsTitle: 'Avantages techniques',
  benefitsReadOnly: (needed, admins) =>
    `Seul un ${list(needed, 'fr')} peut activer les avantages techniques.` +
    (admins.length ? ` Vos administrateurs généraux : ${admins.join(', ')}.` : ''),
  nothingToActivate: 'Tous les avantages techniques sont déjà activés ou en cours de traitement.',
  contact: 'Utilisateur à contacter',
  contactPlaceholder: 'Choisissez un utilisateur de l’annuaire',
  contactRequired: 'Choisissez l’utilisateur à contacter.',
  alternateEmail: 'Autre adresse e-mail (différente de l’adresse du compte Espace partenaires de votre entreprise)',
  emailPlaceholder: 'nom@exemple.fr',
  emailInvalid: 'Saisissez une adresse e-mail valide.',
  emailSameAsAccount:
    'L’autre adresse doit être différente de l’adresse du compte Espace partenaires de votre entreprise.',
  advisoryText:
    'Les heures de conseil partenaire se demandent avec un utilisateur à contacter et une autre adresse e-mail ' +
    '; Microsoft envoie les instructions aux deux.',
  confirmActivate: 'Activer cet avantage ? Le traitement prend en général quelques jours.',
  pending: (expected) =>
    `Activation demandée. L’avantage est **en attente** ; activation prévue d’ici le ${expected}. Je vous enverrai ` +
    `l’ID d’accès et l’ID de contrat.`,
  alreadyActivated: 'Quelqu’un a déjà activé cet avantage. Rien n’a été modifié.',
  activeTitle: 'Avantage technique actif',
  activeText: (benefit) =>
    `**${benefit}** est maintenant actif. Ces identifiants vous seront demandés lors de votre première demande ` +
    `de support.`,
  activeTextWithoutIds: (benefit) =>
    `**${benefit}** est maintenant actif. Son ID d’accès et son ID de contrat sont visibles des administrateurs ` +
    `généraux et des administrateurs partenaires MPN.`,
  seatsText: 'Choisissez une licence libre à attribuer, ou une licence attribuée à donner à quelqu’un d’autre.',
  edition: 'Édition',
  assignee: 'Attribué à',
  assignedOn: 'Attribué le',
  reassignableFrom: 'Réattribuable à partir du',
  free: 'Libre',
  assign: 'Attribuer',
  reassign: 'Réattribuer',
  editions: { Professional: 'Visual Studio Professional', Enterprise: 'Visual Studio Enterprise' },
  tooSoon: (date) =>
    `Cette licence a été attribuée il y a moins de 90 jours ; elle pourra être réattribuée à partir du ${date}.`,
  searchLabel: 'À qui l’attribuer ? Tapez une partie du nom ou de l’adresse e-mail.',
  searchPlaceholder: 'ex. Patti',
  search: 'Rechercher',
  searchRequired: 'Tapez une partie du nom ou de l’adresse e-mail.',
  noMatch: (q) =>
    `Personne ne correspond à « ${q} » dans votre annuaire. L’utilisateur doit d’abord y être ajouté (Paramètres ` +
    `du compte → Gestion des utilisateurs).`,
  matches: 'Choisissez l’utilisateur :',
  choose: 'Choisir',
  hasOne: 'a déjà un abonnement',
  hasThisSeat: 'a déjà cette licence',
  thisUser: 'Cet utilisateur',
  alreadyAssigned: (name) => `Cette licence est déjà attribuée à ${name}.`,
  userGone: 'Cet utilisateur ne figure plus dans votre annuaire.',
  confirmAssign: (edition, name) => `Attribuer ${edition} à ${name} ?`,
  confirmReassign: (edition, from, name) =>
    `Retirer ${edition} à ${from} pour l’attribuer à ${name} ? ${from} perdra l’accès.`,
  anotherSeat: (name, held) =>
    `${name} a déjà ${list(held, 'fr', 'conjunction')} ; ` +
    `cette attribution lui donne ${held.length === 1 ? 'un deuxième abonnement' : 'un abonnement de plus'}.`,
  seatsTitle: 'Abonnements Visual Studio',
  seatsReadOnly: (needed, admins) =>
    `Seul un ${list(needed, 'fr')} peut attribuer ou réattribuer les abonnements Visual Studio.` +
    (admins.length ? ` Vos administrateurs généraux : ${admins.join(', ')}.` : ''),
  assigned: (edition, name) =>
    `C’est fait : ${edition} est attribué à ${name}, qui le gère depuis le portail des abonnements Visual Studio.`,
  renewalText:
    'Échangez les avantages de l’année au plus tard à la date anniversaire. Les 30 jours suivants forment la ' +
    'période de renouvellement, qui est aussi le délai de grâce : les avantages restent accessibles et Visual ' +
    'Studio continue de fonctionner. Passé ce délai, l’adhésion a expiré et seul un ticket de support permet ' +
    'de la rétablir.',
  anniversary: 'Date anniversaire (renouvellement)',
  window: 'Période de renouvellement (délai de grâce)',
  daysLeft: 'Jours',
  benefitExpiry: 'Avantages à échanger au plus tard le',
  vsEnd: 'Visual Studio utilisable jusqu’au',
  renewalStatus: { NotYetOpen: 'Période pas encore ouverte', Open: 'Période ouverte', Lapsed: 'Adhésion expirée' },
  lapsedText: 'La période est close : pour rétablir l’adhésion, ouvrez un ticket de support dans l’Espace partenaires.',
  opensIn: (d) => (d === 1 ? 's’ouvre demain' : `s’ouvre dans ${d} jours`),
  closesIn: (d) =>
    d === 0 ? 'dernier jour pour renouveler' : d === 1 ? 'se ferme demain' : `${d} jours pour renouveler`,
  closedAgo: (d) => (d === 1 ? 'close depuis hier' : `close depuis ${d} jours`),
  remindersStay: (offers) =>
    `Fermé. Les rappels que vous avez activés restent actifs (${list(offers, 'fr', 'conjunction')}) ; pour les ` +
    `désactiver, tapez **dates de renouvellement** puis « Arrêter les rappels ».`,
  remindMe: 'Me le rappeler',
  stopReminders: 'Arrêter les rappels',
  remindersOn: 'Rappels activés : 30, 7 et 1 jours avant l’ouverture de la période.',
  remindersOnFor: (offer) => `Rappels activés pour ${offer} : 30, 7 et 1 jours avant l’ouverture de la période.`,
  remindersOffFor: (offer) => `Rappels désactivés pour ${offer}.`,
  addToCalendar: 'Ajouter au calendrier (.ics)',
  reminderTitle: 'Rappel de renouvellement',
  reminderText: (offer, days, start, end) =>
    `La période de renouvellement de **${offer}** s’ouvre dans ${days} ${days === 1 ? 'jour' : 'jours'} : du ` +
    `${start} au ${end}. Renouvelez pendant cette période pour garder vos avantages.`,
  windowRange: (start, end) => `${start} → ${end}`,
  calendar: {
    summary: (offer) => `Période de renouvellement : ${offer}`,
    description: (offer, from, to) =>
      `Renouvelez ${offer} dans l’Espace partenaires du ${from} au ${to}. Ces 30 jours sont aussi le délai de ` +
      `grâce : ` +
      'les avantages restent accessibles et les abonnements Visual Studio fonctionnent jusqu’au dernier jour. ' +
      'Ensuite, l’adhésion a expiré et seul un ticket de support permet de la rétablir.',
    alarm: (offer) => `La période de renouvellement de ${offer} s’ouvre demain.`,
  },
};

export const frTab: import('./en').TabStrings = {
  page: {
    title: 'Mes avantages',
    loading: 'Chargement de vos avantages…',
    loaded: 'Vos avantages sont affichés.',
    refresh: 'Actualiser',
    retry: 'Réessayer',
    signedInAs: 'Connecté en tant que',
    demoBadge: 'Démo',
    mpnId: 'ID MPN',
    renewalsTitle: 'Calendrier de renouvellement',
    renewalsIntro: frTasks.renewalText,
    chartLabel:
      'Calendrier de renouvellement par offre : date anniversaire, période de renouvellement (délai de grâce), ' +
      'fin de Visual Studio et date du jour.',
    today: 'Aujourd’hui',
    anniversary: frTasks.anniversary,
    window: frTasks.window,
    vsEnd: frTasks.vsEnd,
    offer: frTasks.offer,
    status: frTasks.status,
    benefitsTitle: frTasks.benefitsTitle,
    benefit: 'Avantage',
    entitlement: frTasks.entitlement,
    accessId: frTasks.accessId,
    contractId: frTasks.contractId,
    idsAdminsOnly:
      'L’ID d’accès et l’ID de contrat ne sont visibles que des administrateurs généraux ' +
      'et des administrateurs partenaires MPN.',
    seatsTitle: frTasks.seatsTitle,
    edition: frTasks.edition,
    assignee: frTasks.assignee,
    assignedOn: frTasks.assignedOn,
    reassignableFrom: frTasks.reassignableFrom,
    free: frTasks.free,
    noOffers: 'Votre organisation n’a pas encore d’avantages : elle n’a aucune offre d’adhésion active.',
    noBenefits: 'Aucun avantage technique.',
    noSeats: 'Aucun abonnement Visual Studio.',
    openInTeams: 'Ouvrez « Mes avantages » dans Microsoft Teams pour voir les avantages de votre organisation.',
    signInFailed:
      'Teams n’a pas pu vous connecter à cet onglet. Réessayez ; si l’échec se répète, demandez à votre ' +
      'administrateur de vérifier l’authentification unique (SSO) de l’application.',
    errors: {
      unauthorized:
        'Votre connexion n’a pas pu être vérifiée, rien n’est donc affiché. Fermez l’onglet puis rouvrez-le.',
      notInDirectory:
        'Vous ne figurez pas dans l’annuaire Espace partenaires de votre organisation, ses avantages ne peuvent ' +
        'donc pas être affichés. Demandez à votre administrateur général de vous ajouter.',
      unavailable: 'L’Espace partenaires est injoignable pour le moment. Réessayez dans quelques minutes.',
      misconfigured:
        'La connexion de l’application à l’Espace partenaires est mal configurée. ' +
        'Demandez à votre administrateur de vérifier ses paramètres.',
      failed: 'Un problème est survenu pendant le chargement de vos avantages. Réessayez dans un instant.',
    },
  },
  demoNotice: (name, roles) =>
    `Identité de démonstration : vous voyez l’organisation de démonstration en tant que ${name} ` +
    `(${roles.join(', ')}). La connexion est désactivée, car aucun MicrosoftAppId n’est configuré.`,
  noRole: 'aucun rôle d’administrateur',
};
