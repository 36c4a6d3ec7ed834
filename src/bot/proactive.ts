import { MessageFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { taskCard } from '../../cards/taskCard';
import { localeLanguage } from '../knowledge/language';
import type { PartnerService } from '../services/partner/partnerService';
import type { ActivationNotice } from '../jobs/activationNotifier';
import type { ConversationStore, ProactiveTarget } from '../services/proactive/conversationStore';
import type { RenewalReminder } from '../jobs/reminderScheduler';
import { formatDate, taskStrings } from '../i18n';
import { actorOf } from '../../dialogs/presenter';
import { turnLanguage } from '../../dialogs/turnLanguage';

/** Sends the bot's own messages (activation done, renewal reminders) into a user's saved 1:1 chat. */
export class ProactiveMessenger {
  /** Last reference saved per user, so an unchanged one is not written on every turn. */
  private readonly saved = new Map<string, string>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationStore,
    private readonly partner: PartnerService,
    private readonly logger: Logger,
  ) {}

  /**
   * Keeps where to reach the user (their personal chat with the bot) and the language the bot used with
   * them this turn: what they wrote in, or the card's language, before the Teams client's locale. Called
   * after the turn, so proactive messages later speak the language the user last used.
   */
  async remember(context: TurnContext): Promise<void> {
    const actor = actorOf(context);
    const type = context.activity.conversation?.conversationType;
    if (!actor || (type && type !== 'personal')) return;
    const { conversation, serviceUrl, locale, from, recipient } = context.activity;
    const language = turnLanguage(context) ?? localeLanguage(locale);
    // Compared on what can change between turns, so an unchanged chat costs no serialization.
    const signature = `${conversation.id}\n${serviceUrl}\n${language}\n${from.id}\n${from.name ?? ''}\n${recipient.id}`;
    const key = `${actor.tenantId}/${actor.aadObjectId}`;
    if (this.saved.get(key) === signature) return;
    // Without the activity id a later message is a new one in the chat, not a reply to an old message.
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
    const result = await this.conversations.save(actor.tenantId, actor.aadObjectId, language, reference);
    if (result.ok) this.saved.set(key, signature);
    else this.logger.warn({ detail: result.error.detail }, 'conversation reference not saved');
  }

  readonly activationNotice = async (target: ProactiveTarget, notice: ActivationNotice): Promise<boolean> => {
    const language = localeLanguage(target.locale ?? undefined);
    const s = taskStrings[language];
    const benefits = await this.partner.listTechnicalBenefits({
      tenantId: target.tenantId,
      aadObjectId: target.aadObjectId,
    });
    const benefit = benefits.ok ? benefits.value.find((b) => b.id === notice.benefitId) : undefined;
    const name = benefit ? s.benefitKinds[benefit.kind] : notice.benefitId;
    // The identifiers as the recipient may see them now: an admin who lost the role since activating gets none.
    const ids =
      benefit?.accessId && benefit.contractId
        ? { accessId: benefit.accessId, contractId: benefit.contractId }
        : undefined;
    const text = ids ? s.activeText(name) : s.activeTextWithoutIds(name);
    const card = taskCard({
      title: s.activeTitle,
      notice: text,
      facts: ids
        ? [
            { title: s.accessId, value: ids.accessId },
            { title: s.contractId, value: ids.contractId },
          ]
        : [],
    });
    return this.send(target, MessageFactory.attachment(card), text);
  };

  readonly reminder = async (target: ProactiveTarget, reminder: RenewalReminder): Promise<boolean> => {
    const language = localeLanguage(target.locale ?? undefined);
    const s = taskStrings[language];
    const text = s.reminderText(
      reminder.offerName,
      reminder.daysUntilWindowStart,
      formatDate(reminder.windowStart, language),
      formatDate(reminder.windowEnd, language),
    );
    const card = taskCard({
      title: s.reminderTitle,
      // A reminder is the message itself, not a confirmation (notice draws a ✓).
      text,
      facts: [
        { title: s.anniversary, value: formatDate(reminder.anniversary, language) },
        {
          title: s.window,
          value: s.windowRange(formatDate(reminder.windowStart, language), formatDate(reminder.windowEnd, language)),
        },
      ],
    });
    return this.send(target, MessageFactory.attachment(card), text);
  };

  private async send(
    target: ProactiveTarget,
    activity: ReturnType<typeof MessageFactory.attachment>,
    summary: string,
  ): Promise<boolean> {
    const { reference } = target;
    const conversationReference: Partial<ConversationReference> = {
      ...reference,
      conversation: { isGroup: false, conversationType: 'personal', name: '', ...reference.conversation },
      bot: { name: '', ...reference.bot },
      user: { name: '', ...reference.user },
    };
    activity.summary = summary.replace(/\*\*/g, '');
    try {
      await this.adapter.continueConversationAsync(this.appId, conversationReference, async (context) => {
        await context.sendActivity(activity);
      });
      return true;
    } catch (err) {
      this.logger.warn({ err, tenantId: target.tenantId }, 'proactive message not delivered');
      return false;
    }
  }
}
