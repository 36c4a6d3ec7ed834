import type { Result } from './result';
import type {
  ActivateBenefitRequest,
  Actor,
  AssignSubscriptionRequest,
  AuditEntry,
  DirectoryUser,
  OrganizationSnapshot,
  Permission,
  ProductBenefit,
  RenewalFacts,
  TechnicalBenefit,
  VsSubscription,
} from './schemas';

/**
 * The partner organization's benefits, for one tenant. Two implementations: embedded (a database in
 * DATA_DIR or DATABASE_URL) and remote (a Partner-Center-style REST API). Every method authorizes the
 * actor against the directory at the moment of the call; an actor not in the directory gets
 * `NotInDirectory` everywhere. Reads need a directory member; changes need the roles in DOMAIN.md.
 */
export interface PartnerService {
  /** The organization, the actor's own directory entry and the membership offers. */
  snapshot(actor: Actor): Promise<Result<OrganizationSnapshot>>;

  /**
   * Whether the actor may do this now: their directory entry, or Forbidden (the roles needed and the
   * Global admins, from `requiredRoles`) / NotInDirectory. Dialogs use it to refuse before the first
   * card; every change checks again at the moment it is made.
   */
  authorize(actor: Actor, permission: Permission): Promise<Result<DirectoryUser>>;

  listTechnicalBenefits(actor: Actor): Promise<Result<TechnicalBenefit[]>>;
  /**
   * Global admin or MPN partner admin. The contact must be in the directory; the alternate e-mail must
   * be valid and differ from the contact's account e-mail. NotActivated → Pending. Idempotent by requestId.
   */
  activateTechnicalBenefit(actor: Actor, request: ActivateBenefitRequest): Promise<Result<TechnicalBenefit>>;

  listSubscriptions(actor: Actor): Promise<Result<VsSubscription[]>>;
  /**
   * Global admin. Free seat, or reassignment once 90 days passed since the assignment; the assignee
   * must be in the directory and hold no other subscription; Action Pack seats are Professional only.
   * Idempotent by requestId.
   */
  assignSubscription(actor: Actor, request: AssignSubscriptionRequest): Promise<Result<VsSubscription>>;

  /** Directory users whose name or e-mail contains the query (case and accents ignored), by name; at most 20. */
  findUsers(actor: Actor, query: string): Promise<Result<DirectoryUser[]>>;
  /** The organization's Global admins' and others' entries by id (unknown ids are skipped). */
  getUsers(actor: Actor, ids: readonly string[]): Promise<Result<DirectoryUser[]>>;

  listProductBenefits(actor: Actor): Promise<Result<ProductBenefit[]>>;

  /** Renewal facts per offer, as of `today` (YYYY-MM-DD, default: the service clock's UTC day). */
  renewals(actor: Actor, today?: string): Promise<Result<RenewalFacts[]>>;

  /**
   * Audit entries with id > afterId, oldest first, at most `limit`. Not per actor: the bot's own
   * background jobs read it (e.g. to tell an admin that the benefit they activated is now Active).
   */
  auditSince(afterId: number, limit: number): Promise<Result<AuditEntry[]>>;

  close(): Promise<void>;
}

/** The embedded organization processes activations itself, after ACTIVATION_DELAY_SECONDS. */
export interface ActivationProcessor {
  /** Turns every Pending benefit whose expected time has come Active (Access ID, Contract ID); returns them. */
  processDueActivations(now: Date): Promise<TechnicalBenefit[]>;
}
