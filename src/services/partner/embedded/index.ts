import { EmbeddedPartnerService, type EmbeddedPartnerServiceOptions } from './service';

export { EmbeddedPartnerService, type EmbeddedPartnerServiceOptions } from './service';

/**
 * Builds the embedded service over a Db the caller has opened, migrated (`migrate`) and seeded
 * (`seedDemoOrganization`); it starts nothing and owns nothing, so the caller closes the Db.
 */
export function createEmbeddedPartnerService(options: EmbeddedPartnerServiceOptions): EmbeddedPartnerService {
  return new EmbeddedPartnerService(options);
}
