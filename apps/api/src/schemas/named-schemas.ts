import {
  attestationKeysSchema,
  blocklistLiftedSchema,
  blocklistListSchema,
  projectBlocklistSchema,
  projectSecuritySchema,
  publishAnswerSchema,
  publishRequestSchema,
  scanResultAcceptedSchema,
  skillsPublishRequestSchema,
} from '@scanrelay/api-schema';
import { secureCodeBoxFindingSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';

/**
 * The external SAST schemas under the names the OpenAPI document lists them by (components, shown in
 * the docs' Schemas section). Only the document uses these; handlers validate with the originals.
 */
export const docSchemas = {
  projectSecurity: projectSecuritySchema.meta({ id: 'ProjectSecurity' }),
  publishRequest: publishRequestSchema.meta({ id: 'PublishRequest' }),
  skillsPublishRequest: skillsPublishRequestSchema.meta({ id: 'SkillsPublishRequest' }),
  publishAnswer: publishAnswerSchema.meta({ id: 'PublishAnswer' }),
  scanResultAccepted: scanResultAcceptedSchema.meta({ id: 'ScanResultAccepted' }),
  blocklist: blocklistListSchema.meta({ id: 'Blocklist' }),
  projectBlocklist: projectBlocklistSchema.meta({ id: 'ProjectBlocklist' }),
  blocklistLifted: blocklistLiftedSchema.meta({ id: 'BlocklistLifted' }),
  attestationKeys: attestationKeysSchema.meta({ id: 'AttestationKeys' }),
  secureCodeBoxFindings: z.array(secureCodeBoxFindingSchema.meta({ id: 'SecureCodeBoxFinding' })).meta({
    description: 'secureCodeBox findings: the `findings.json` that `scanrelay invicti issues` writes',
  }),
};
