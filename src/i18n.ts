import type { Language } from './knowledge/schema';

const en = {
  welcomeTitle: 'Partner Benefits Assistant',
  welcomeIntro:
    'Hi! I answer questions about Microsoft Partner Network membership benefits, in English or French, with the source of every answer.',
  helpTitle: 'What I can do',
  capabilities: [
    'Answer questions on membership benefits: renewals, Visual Studio subscriptions, technical benefits, licenses, keys and tokens.',
    'Show the source page of every answer, with details and related questions.',
    'Learn from your feedback (Yes / No) so the answers get better.',
    'Step by step: activate technical benefits and assign Visual Studio subscriptions (admins), and check renewal dates (everyone). Type "activate technical benefits", "assign Visual Studio" or "renewal dates".',
  ],
  tasksTitle: 'Guided tasks',
  tasksNote:
    'Admins only: activating a technical benefit needs the Global admin or MPN partner admin role, assigning Visual Studio the Global admin role. Anyone can check renewal dates.',
  doItForMe: 'Do it for me',
  tryAsking: 'Try asking:',
  examples: ['When can I renew my Action Pack?', 'How do I assign Visual Studio?', 'Where is my Access ID?'],
  help: 'Help',
  showDetails: 'Details',
  source: 'Source',
  related: 'Related questions',
  wasHelpful: 'Was this helpful?',
  yes: 'Yes',
  no: 'No',
  aiGenerated: 'AI-generated from the knowledge base. Check the sources.',
  sources: 'Sources',
  didYouMean: 'Did you mean…',
  noneOfThese: 'None of these',
  noAnswerTitle: "I don't have an answer for that",
  noAnswerText:
    'That question is outside what I know about Partner Network benefits, so I would rather not guess. Try rephrasing it with the benefit or offer name, or pick a topic below.',
  popularTopics: 'Popular topics',
  noneOfTheseReply:
    "Thanks, I've noted that none of these fit, so the team can add an answer. Try rephrasing with the offer or benefit name, or type **help**.",
  thanksUp: 'Thanks for the feedback! 👍',
  thanksDown:
    "Thanks, I've passed this on so the answer gets improved. You can also check the source page or rephrase your question.",
  cardNotUnderstood: "That button is no longer valid. Here's what I can do:",
  error: 'Sorry, something went wrong on my side. Please try again in a moment.',
};

export type Strings = typeof en;

const fr: Strings = {
  welcomeTitle: 'Assistant avantages partenaires',
  welcomeIntro:
    'Bonjour ! Je réponds aux questions sur les avantages de l’adhésion à Microsoft Partner Network, en français ou en anglais, avec la source de chaque réponse.',
  helpTitle: 'Ce que je sais faire',
  capabilities: [
    'Répondre aux questions sur les avantages : renouvellement, abonnements Visual Studio, avantages techniques, licences, clés et jetons.',
    'Indiquer la page source de chaque réponse, avec le détail et les questions liées.',
    'Apprendre de vos retours (Oui / Non) pour améliorer les réponses.',
    'Étape par étape : activer les avantages techniques et attribuer les abonnements Visual Studio (administrateurs), consulter les dates de renouvellement (tout le monde). Tapez « activer les avantages techniques », « attribuer un abonnement Visual Studio » ou « quand renouveler ».',
  ],
  tasksTitle: 'Tâches guidées',
  tasksNote:
    'Réservé aux administrateurs : activer un avantage technique demande le rôle d’administrateur général ou d’administrateur partenaire MPN, attribuer Visual Studio celui d’administrateur général. Tout le monde peut consulter les dates de renouvellement.',
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
  sources: 'Sources',
  didYouMean: 'Vouliez-vous dire…',
  noneOfThese: 'Aucune de ces réponses',
  noAnswerTitle: 'Je n’ai pas de réponse à cette question',
  noAnswerText:
    'Cette question sort de ce que je sais des avantages Partner Network : je préfère ne pas deviner. Reformulez-la avec le nom de l’avantage ou de l’offre, ou choisissez un sujet ci-dessous.',
  popularTopics: 'Sujets fréquents',
  noneOfTheseReply:
    'Merci, j’ai noté qu’aucune réponse ne convenait : l’équipe pourra en ajouter une. Reformulez avec le nom de l’offre ou de l’avantage, ou tapez **aide**.',
  thanksUp: 'Merci pour votre retour ! 👍',
  thanksDown:
    'Merci, je transmets pour que la réponse soit améliorée. Vous pouvez aussi consulter la page source ou reformuler la question.',
  cardNotUnderstood: 'Ce bouton n’est plus valable. Voici ce que je sais faire :',
  error: 'Désolé, un problème est survenu de mon côté. Réessayez dans un instant.',
};

export const strings: Readonly<Record<Language, Strings>> = { en, fr };

/** Entries offered when the bot has no answer: the questions people ask most. */
export const popularEntryIds = ['renewal-window', 'vs-assign', 'tech-benefits-activate', 'access-contract-id'] as const;
