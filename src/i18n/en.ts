import { list } from '../formatting';
import type { TaskId } from '../knowledge/schema';
import type { BenefitStatus, RenewalStatus, Role, TechnicalBenefitKind, VsEdition } from '../services/partner/schemas';

/*
 * Every English string the bot shows: FAQ replies and cards (`enReplies`), the guided tasks, their cards,
 * proactive messages and calendar files (`enTasks`). A new language is one more module of this shape.
 */

export const enReplies = {
  welcomeTitle: 'Partner Benefits Assistant',
  welcomeIntro:
    'Hi! I answer questions about Microsoft Partner Network membership benefits, in English or French, with the ' +
    'source of every answer.',
  helpTitle: 'What I can do',
  capabilities: [
    'Answer questions on membership benefits: renewals, Visual Studio subscriptions, technical benefits, licenses, ' +
      'keys and tokens.',
    'Show the source page of every answer, with details and related questions.',
    'Learn from your feedback (Yes / No) so the answers get better.',
    'Step by step: activate technical benefits and assign Visual Studio subscriptions (admins), and check renewal ' +
      'dates (everyone). Type "activate technical benefits", "assign Visual Studio" or "renewal dates".',
  ],
  tasksTitle: 'Guided tasks',
  tasksNote:
    'Admins only: activating a technical benefit needs the Global admin or MPN partner admin role, assigning ' +
    'Visual Studio the Global admin role. Anyone can check renewal dates.',
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
  /** Ends the app's full description in the Teams store listing when a model is configured. */
  manifestAiNotice: 'Answers may be AI-generated from the knowledge base; each one names its source.',
  sources: 'Sources',
  didYouMean: 'Did you mean…',
  noneOfThese: 'None of these',
  noAnswerTitle: "I don't have an answer for that",
  noAnswerText:
    'That question is outside what I know about Partner Network benefits, so I would rather not guess. ' +
    'Try rephrasing ' +
    'it with the benefit or offer name, or pick a topic below.',
  popularTopics: 'Popular topics',
  /** Compose-box search: no answer matches the words typed (plain text, as Teams shows a 'message' result). */
  composeNoMatch: (query: string) =>
    `No answer matches "${query}". Try a few words about a benefit or a task, such as "renewal window", ` +
    '"assign Visual Studio" or "Access ID"; an empty search shows the most asked questions.',
  /** A message longer than Teams lets anyone send: declined before any search. */
  messageTooLong:
    'That message is too long for me to read. Ask your question in a sentence or two, with the benefit or offer ' +
    'name, and I will look it up.',
  /** Compose-box search: the words typed are far longer than a search (plain text, as composeNoMatch). */
  composeTooLong: 'That search is too long. Type a few words about a benefit or a task, such as "renewal window".',
  noneOfTheseReply:
    "Thanks, I've noted that none of these fit, so the team can add an answer. Try rephrasing with the offer " +
    'or benefit name, or type **help**.',
  thanksUp: 'Thanks for the feedback! 👍',
  thanksDown:
    "Thanks, I've passed this on so the answer gets improved. You can also check the source page or rephrase " +
    'your question.',
  cardNotUnderstood: "That button is no longer valid. Here's what I can do:",
  error: 'Sorry, something went wrong on my side. Please try again in a moment.',
  /** The one welcome in a group chat or team; `mention` is the <at>name</at> of whoever added the bot. */
  groupWelcome: (mention: string) =>
    `Hi ${mention}, thanks for adding me! Mention me with a question about Partner Network benefits and I'll ` +
    'answer here, with its source. Guided admin tasks run in our 1:1 chat.',
  /**
   * What typed commands are compared with: case, accents and trailing punctuation ignored. The reply is in the
   * language whose words matched; a word that several languages list (help, stop) keeps the user's language.
   */
  commands: {
    help: ['help', 'menu', 'command', 'commands', 'what can you do'],
    welcome: ['hi', 'hello', 'hey', 'good morning'],
    /** Closes the open task (only while a task is open; otherwise the words are a question). */
    cancel: ['cancel', 'stop', 'quit'],
    /** Imperative or a bare topic starts the task; "how do I assign Visual Studio?" stays a FAQ question. */
    tasks: {
      'activate-technical-benefit': [
        /^(please )?activate (a |my |our |the )?(technical |tech )?(benefits?|support)( please)?$/,
        // Status questions open the same task: its first step for admins, a read-only list for everyone else.
        /^(which|what) (technical|tech) benefits (do|have) (we|i) (have|got)$/,
        /^((show|list|see|check)( me)?( all)?( (our|my|the))?|our|my) (technical|tech) benefits( status)?$/,
        /^what('s| is) the status of (our|my|the) (technical|tech) benefits$/,
      ],
      'assign-visual-studio': [
        /^(please )?(re)?assign (a |an )?(visual studio|vs)( (subscriptions?|licen[cs]es?|seats?))?( please)?$/,
        /^(show|list|see|check)( me)?( all)?( (our|my|the))? (visual studio|vs) (subscriptions|seats|licen[cs]es)$/,
        /^(our|my) (visual studio|vs) (subscriptions|seats|licen[cs]es)$/,
        /^who (has|holds|have|got) (a |an |our |the )?(visual studio|vs)( (subscriptions?|seats?|licen[cs]es?))?$/,
        /^(which|what) (visual studio|vs) (subscriptions|seats|licen[cs]es) (do|have) (we|i) (have|got)$/,
      ],
      'renewal-dates': [/^((show|check|see|my|our|the) )*(renewal dates?|renewals?|when to renew)$/],
    } satisfies Readonly<Record<TaskId, readonly RegExp[]>>,
  },
  /** The default privacy and terms pages the manifest links to (PUBLIC_URL/privacy, /terms). */
  legal: {
    privacyTitle: 'Partner Benefits Assistant: privacy',
    privacy: [
      'This assistant runs on servers chosen by the organization that installed it in Microsoft Teams; nothing ' +
        'is sent to its authors.',
      'To answer you it keeps: where to reach you in Teams and the language you last used; the step of a ' +
        'guided task you have open (deleted after a day without use, or the configured lifetime); your ' +
        'Yes/No votes on answers and the questions it could not answer, without your name, so the ' +
        'answers can be improved.',
      'When a language model is configured, your question and the matching knowledge base entries are sent ' +
        'to that model to phrase the answer. Ask your administrator which one, and for the organization’s own ' +
        'privacy statement.',
    ],
    termsTitle: 'Partner Benefits Assistant: terms of use',
    terms: [
      'Answers summarize Microsoft’s public Partner Center documentation and link to it; the linked page is ' +
        'the reference. Generated answers may contain mistakes: check the sources.',
      'Guided tasks act in your organization’s partner account with your own roles; the assistant asks ' +
        'before every change.',
      'The organization that installed the assistant sets its own terms; ask your administrator.',
    ],
  },
};

export type Replies = typeof enReplies;

/** How long a task stays open without a click: "a day", "2 days", "an hour", "12 hours". */
const idleFor = (hours: number): string => {
  if (hours === 24) return 'a day';
  if (hours % 24 === 0) return `${hours / 24} days`;
  return hours === 1 ? 'an hour' : `${hours.toLocaleString('en-US')} hours`;
};

export const enTasks = {
  taskTitles: {
    'activate-technical-benefit': 'Activate a technical benefit',
    'assign-visual-studio': 'Assign a Visual Studio subscription',
    'renewal-dates': 'Renewal dates',
  } as Readonly<Record<TaskId, string>> & Readonly<Record<string, string | undefined>>,
  step: (n: number, total: number) => `Step ${n} of ${total}`,
  back: 'Back',
  cancel: 'Cancel',
  next: 'Next',
  confirm: 'Confirm',
  close: 'Close',
  cancelled: 'Cancelled. Nothing was changed.',
  cancelledReply: 'OK, I cancelled that task. Nothing was changed.',
  /** `kept`: what the closed task leaves in place (its cancelled text), when not "nothing was changed". */
  closedOpenTask: (title: string, kept?: string) =>
    kept
      ? `I closed your open task “${title}”. ${kept}`
      : `I closed your open task “${title}”; nothing was changed. Here is the one you asked for.`,
  staleTitle: 'Partner Benefits Assistant',
  staleCard: 'This card is no longer active. Type **help** to start again.',
  /** A task asked for in a group chat or channel: it runs in the 1:1 chat, so only its owner sees its cards. */
  groupTaskRedirect: (title: string) =>
    `“${title}” runs in our 1:1 chat, where only you see its cards and your organization's details. ` +
    'Open the chat and ask me there.',
  openPersonalChat: 'Open our 1:1 chat',
  /** Someone pressed a task card another person opened: nothing changes. */
  notYourCard: (owner: string) => `This card belongs to ${owner || 'someone else'}; open your own from the 1:1 chat.`,
  /** Below the stale card when the task's state had expired: `hours` is DIALOG_STATE_TTL_HOURS. */
  taskExpired: (hours: number) => `That task had expired: a task left for ${idleFor(hours)} without a click is closed.`,
  /** Two turns of one task at the same moment: this one lost and was not saved. */
  collided:
    'That click arrived at the same moment as another one on this task, and the other one was taken. Check the ' +
    'card and press again if needed.',
  notInDirectory:
    "I can't find you in your organization's Partner Center directory, so I can't show or change its benefits. " +
    'Ask your Global admin to add you.',
  unavailable: 'Partner Center could not be reached just now. Nothing was changed; please try again in a few minutes.',
  misconfigured:
    "The bot's connection to Partner Center is not set up correctly, so I can't show or change anything there. " +
    "Nothing was changed. Please ask your admin to check the bot's Partner Center settings.",
  roles: {
    GlobalAdmin: 'Global admin',
    UserAdmin: 'User admin',
    AdminAgent: 'Admin agent',
    MpnPartnerAdmin: 'MPN partner admin',
  } satisfies Record<Role, string>,
  forbidden: (needed: readonly string[], admins: readonly string[]) =>
    `This needs the ${list(needed, 'en')} role, which you don't have.` +
    (admins.length ? ` Your Global admins: ${admins.join(', ')}.` : ' Ask your Global admin.'),
  // Technical benefits
  benefitKinds: {
    ProductSupport: 'Microsoft product support (on-premises)',
    SignatureCloudSupport: 'Signature cloud support',
    AdvisoryHours: 'Partner advisory hours',
    PresalesDeployment: 'Technical presales and deployment services',
  } satisfies Record<TechnicalBenefitKind, string>,
  benefitStatus: { NotActivated: 'Not activated', Pending: 'Pending', Active: 'Active' } satisfies Record<
    BenefitStatus,
    string
  >,
  // The sources give the counts, not a period (issue 14).
  incidents: (n: number) => `${n} incidents`,
  unlimited: 'Unlimited',
  onRequest: 'On request',
  entitlement: 'Entitlement',
  status: 'Status',
  offer: 'Offer',
  accessId: 'Access ID',
  contractId: 'Contract ID',
  expected: 'Expected',
  activate: 'Activate',
  chooseBenefit: 'Choose the benefit to activate.',
  /** Two rows of the same kind (one per offer) are told apart by their offer. */
  benefitRow: (kind: string, offer: string) => `${kind} — ${offer}`,
  benefitsTitle: 'Technical benefits',
  benefitsReadOnly: (needed: readonly string[], admins: readonly string[]) =>
    `Only a ${list(needed, 'en')} can activate technical benefits.` +
    (admins.length ? ` Your Global admins: ${admins.join(', ')}.` : ''),
  nothingToActivate: 'Every technical benefit is already activated or being processed.',
  contact: 'Contact user',
  contactPlaceholder: 'Choose a user from your directory',
  contactRequired: 'Choose the contact user.',
  alternateEmail: "Alternate e-mail (must differ from your company's Partner Center account e-mail)",
  emailPlaceholder: 'name@example.com',
  emailInvalid: 'Enter a valid e-mail address.',
  emailSameAsAccount: "The alternate e-mail must differ from your company's Partner Center account e-mail.",
  advisoryText:
    'Partner advisory hours are requested with a contact user and an alternate e-mail address; Microsoft sends ' +
    'the instructions to both.',
  confirmActivate: 'Activate this benefit? Processing usually takes a few days.',
  pending: (expected: string) =>
    `Activation requested. The benefit is **Pending**; expected to be active by ${expected}. I'll message you ` +
    `with the Access ID and Contract ID.`,
  alreadyActivated: 'This benefit was already activated by someone else. Nothing was changed.',
  activeTitle: 'Technical benefit active',
  activeText: (benefit: string) =>
    `**${benefit}** is now active. Use these IDs the first time you open a support request.`,
  activeTextWithoutIds: (benefit: string) =>
    `**${benefit}** is now active. Its Access ID and Contract ID are shown to Global admins and MPN partner admins.`,
  // Visual Studio
  seatsText: 'Choose a free seat to assign, or an assigned seat to give to someone else.',
  edition: 'Edition',
  assignee: 'Assigned to',
  assignedOn: 'Assigned on',
  reassignableFrom: 'Reassignable from',
  free: 'Free',
  assign: 'Assign',
  reassign: 'Reassign',
  editions: { Professional: 'Visual Studio Professional', Enterprise: 'Visual Studio Enterprise' } satisfies Record<
    VsEdition,
    string
  >,
  tooSoon: (date: string) => `That seat was assigned less than 90 days ago; it can be reassigned from ${date}.`,
  searchLabel: 'Who should get it? Type part of a name or e-mail.',
  searchPlaceholder: 'e.g. Patti',
  search: 'Search',
  searchRequired: 'Type part of a name or e-mail.',
  noMatch: (q: string) =>
    `No one in your directory matches "${q}". Users must be in the directory first (Account settings ` +
    `→ User management).`,
  matches: 'Choose the user:',
  choose: 'Choose',
  hasOne: 'already has a subscription',
  hasThisSeat: 'has this seat',
  thisUser: 'This user',
  alreadyAssigned: (name: string) => `That seat is already assigned to ${name}.`,
  userGone: 'That user is no longer in your directory.',
  confirmAssign: (edition: string, name: string) => `Assign ${edition} to ${name}?`,
  confirmReassign: (edition: string, from: string, name: string) =>
    `Take ${edition} from ${from} and assign it to ${name}? ${from} loses access.`,
  /** A person may hold several subscriptions (licensed per user = one person per subscription). */
  anotherSeat: (name: string, held: readonly string[]) =>
    `${name} already has ${list(held, 'en', 'conjunction')}; ` +
    `this gives them ${held.length === 1 ? 'a second subscription' : 'one more subscription'}.`,
  seatsTitle: 'Visual Studio subscriptions',
  seatsReadOnly: (needed: readonly string[], admins: readonly string[]) =>
    `Only a ${list(needed, 'en')} can assign or reassign Visual Studio subscriptions.` +
    (admins.length ? ` Your Global admins: ${admins.join(', ')}.` : ''),
  assigned: (edition: string, name: string) =>
    `Done: ${edition} is assigned to ${name}. They manage it in the Visual Studio subscriptions portal.`,
  // Renewals
  renewalText:
    "Redeem each year's benefits by the anniversary. The 30 days after it are the renewal window and the grace " +
    'period: benefits stay accessible and Visual Studio keeps working. After the window the membership has lapsed, ' +
    'and only a support ticket can reinstate it.',
  anniversary: 'Anniversary (renewal date)',
  window: 'Renewal window (grace period)',
  daysLeft: 'Days',
  benefitExpiry: 'Redeem benefits by',
  vsEnd: 'Visual Studio usable until',
  renewalStatus: { NotYetOpen: 'Window not yet open', Open: 'Window open', Lapsed: 'Lapsed' } satisfies Record<
    RenewalStatus,
    string
  >,
  lapsedText: 'The window has closed: to reinstate the membership, open a support ticket in Partner Center.',
  opensIn: (d: number) => (d === 1 ? 'opens tomorrow' : `opens in ${d} days`),
  closesIn: (d: number) => (d === 0 ? 'last day to renew' : d === 1 ? 'closes tomorrow' : `${d} days left to renew`),
  closedAgo: (d: number) => (d === 1 ? 'closed yesterday' : `closed ${d} days ago`),
  remindersStay: (offers: readonly string[]) =>
    `Closed. The reminders you switched on stay on (${list(offers, 'en', 'conjunction')}); to switch them off, ` +
    `type **renewal dates** and press Stop reminders.`,
  remindMe: 'Remind me',
  stopReminders: 'Stop reminders',
  remindersOn: 'Reminders on: 30, 7 and 1 days before the window opens.',
  remindersOnFor: (offer: string) => `Reminders are on for ${offer}: 30, 7 and 1 days before the window opens.`,
  remindersOffFor: (offer: string) => `Reminders are off for ${offer}.`,
  addToCalendar: 'Add to calendar (.ics)',
  reminderTitle: 'Renewal reminder',
  reminderText: (offer: string, days: number, start: string, end: string) =>
    `The renewal window for **${offer}** opens in ${days} ${days === 1 ? 'day' : 'days'}: ${start} to ${end}. ` +
    `Renew inside the window to keep your benefits.`,
  windowRange: (start: string, end: string) => `${start} → ${end}`,
  /** The renewal window's .ics file. */
  calendar: {
    summary: (offer: string) => `Renewal window: ${offer}`,
    description: (offer: string, from: string, to: string) =>
      `Renew ${offer} in Partner Center from ${from} to ${to}. These 30 days are also the grace period: ` +
      'benefits stay accessible and Visual Studio subscriptions keep working until the last day. ' +
      'After it the membership has lapsed and only a support ticket can reinstate it.',
    alarm: (offer: string) => `The renewal window for ${offer} opens tomorrow.`,
  },
};

export type TaskStrings = typeof enTasks;

/** The "My benefits" tab: `page` goes to the browser with the HTML as it is; the functions run on the server. */
export interface TabStrings {
  // The page's types live with the browser code that reads them.
  readonly page: import('../tab/model').TabPageStrings;
  /** The banner above a demo identity's data (local use, bot authentication off). */
  readonly demoNotice: (name: string, roles: readonly string[]) => string;
  readonly noRole: string;
}

export const enTab: TabStrings = {
  page: {
    title: 'My benefits',
    loading: 'Loading your benefits…',
    loaded: 'Your benefits are shown.',
    refresh: 'Refresh',
    retry: 'Try again',
    signedInAs: 'Signed in as',
    demoBadge: 'Demo',
    mpnId: 'MPN ID',
    renewalsTitle: 'Renewal timeline',
    renewalsIntro: enTasks.renewalText,
    chartLabel: 'Renewal timeline per offer: anniversary, renewal window (grace period), Visual Studio end and today.',
    today: 'Today',
    anniversary: enTasks.anniversary,
    window: enTasks.window,
    vsEnd: enTasks.vsEnd,
    offer: enTasks.offer,
    status: enTasks.status,
    benefitsTitle: enTasks.benefitsTitle,
    benefit: 'Benefit',
    entitlement: enTasks.entitlement,
    accessId: enTasks.accessId,
    contractId: enTasks.contractId,
    idsAdminsOnly: 'Access ID and Contract ID are shown to Global admins and MPN partner admins only.',
    seatsTitle: enTasks.seatsTitle,
    edition: enTasks.edition,
    assignee: enTasks.assignee,
    assignedOn: enTasks.assignedOn,
    reassignableFrom: enTasks.reassignableFrom,
    free: enTasks.free,
    noOffers: "Your organization doesn't have any benefits yet: it has no active membership offer.",
    noBenefits: 'No technical benefits.',
    noSeats: 'No Visual Studio subscriptions.',
    openInTeams: "Open My benefits in Microsoft Teams to see your organization's benefits.",
    signInFailed:
      'Teams could not sign you in to this tab. Try again; if it keeps failing, ask your admin to check ' +
      "the app's single sign-on setup.",
    errors: {
      unauthorized: 'Your sign-in could not be checked, so nothing is shown. Close the tab and open it again.',
      notInDirectory:
        "You aren't in your organization's Partner Center directory, so its benefits can't be shown. " +
        'Ask your Global admin to add you.',
      unavailable: 'Partner Center could not be reached just now. Try again in a few minutes.',
      misconfigured:
        "The app's connection to Partner Center is not set up correctly. Ask your admin to check its settings.",
      failed: 'Something went wrong while loading your benefits. Try again in a moment.',
    },
  },
  demoNotice: (name, roles) =>
    `Demo identity: you see the demo organization as ${name} (${roles.join(', ')}). ` +
    'Sign-in is off because no MicrosoftAppId is configured.',
  noRole: 'no admin role',
};
