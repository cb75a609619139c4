import { z } from 'zod';

const secret = z.string().min(1);
const url = z.url();

/** Request limits shared by every destination. */
const requestSettings = {
  /** Per request, milliseconds. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Attempts per request, the first included (429, 5xx and network errors are retried). */
  attempts: z.number().int().min(1).max(20).default(5),
};

/** Phoenix Security's asset types (the `assessment.assetType` of an import). */
export const PHOENIX_ASSET_TYPES = [
  'INFRA',
  'WEB',
  'CLOUD',
  'CONTAINER',
  'REPOSITORY',
  'CODE',
  'BUILD',
] as const;
export const phoenixAssetTypeSchema = z.enum(PHOENIX_ASSET_TYPES);
export type PhoenixAssetType = z.infer<typeof phoenixAssetTypeSchema>;

export const phoenixDestinationSchema = z.object({
  kind: z.literal('phoenix'),
  name: z.string().min(1),
  /** e.g. https://api.demo.appsecphx.io */
  apiUrl: url,
  clientId: secret,
  clientSecret: secret,
  /** Overrides the asset type inferred from each finding's location (an upload's `asset_type` wins over it). */
  assetType: phoenixAssetTypeSchema.optional(),
  /** The assessment name; default the upload's assessment name, else the project. */
  assessmentName: z.string().min(1).optional(),
  /** Translate mode: Phoenix's scanner label (e.g. `Trivy Scan`); default from the report's scanner id. */
  scanType: z.string().min(1).optional(),
  /** Translate mode: wait between status polls, and the longest wait for the import in all. */
  translatePollIntervalMs: z.number().int().positive().default(10_000),
  translateTimeoutMs: z.number().int().positive().default(3_600_000),
  /** `json`: scanrelay maps the findings (POST /v1/import/assets); `translate`: Phoenix parses the raw report. */
  mode: z.enum(['json', 'translate']).default('json'),
  batchMaxAssets: z.number().int().positive().default(500),
  batchMaxBytes: z
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  ...requestSettings,
});

export const secureCodeBoxDestinationSchema = z.object({
  kind: z.literal('securecodebox'),
  name: z.string().min(1),
  /** The findings endpoint, e.g. https://scanrelay.example.com/v1/findings */
  url,
  token: secret.optional(),
  batchMaxFindings: z.number().int().positive().default(1000),
  ...requestSettings,
});

export const defectDojoDestinationSchema = z.object({
  kind: z.literal('defectdojo'),
  name: z.string().min(1),
  /** e.g. https://defectdojo.example.com (the /api/v2 paths are appended) */
  url,
  token: secret,
  productName: z.string().min(1),
  engagementName: z.string().min(1),
  /** Defaults to the scan type name. */
  testTitle: z.string().min(1).optional(),
  autoCreateContext: z.boolean().default(true),
  minimumSeverity: z.enum(['Info', 'Low', 'Medium', 'High', 'Critical']).default('Info'),
  ...requestSettings,
});

export const webhookDestinationSchema = z.object({
  kind: z.literal('webhook'),
  name: z.string().min(1),
  url,
  /** Standard Webhooks secrets (`whsec_…` or raw), newest first; every one signs, for rotation. */
  secrets: z.array(secret).min(1),
  batchMaxFindings: z.number().int().positive().default(500),
  ...requestSettings,
});

/** One named destination, as the service configuration and an upload's overrides describe it. */
export const destinationConfigSchema = z.discriminatedUnion('kind', [
  phoenixDestinationSchema,
  secureCodeBoxDestinationSchema,
  defectDojoDestinationSchema,
  webhookDestinationSchema,
]);
export type DestinationConfig = z.infer<typeof destinationConfigSchema>;
export type DestinationConfigInput = z.input<typeof destinationConfigSchema>;
export type PhoenixDestination = z.infer<typeof phoenixDestinationSchema>;
export type SecureCodeBoxDestination = z.infer<typeof secureCodeBoxDestinationSchema>;
export type DefectDojoDestination = z.infer<typeof defectDojoDestinationSchema>;
export type WebhookDestination = z.infer<typeof webhookDestinationSchema>;

/** The keys of a destination that hold credentials: redacted in every read, encrypted at rest. */
export const CREDENTIAL_KEYS = ['clientSecret', 'token', 'secrets'] as const;
