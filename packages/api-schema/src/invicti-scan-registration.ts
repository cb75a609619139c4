import { z } from 'zod';
import { projectNameSchema } from './project-name.js';
import { scanViewSchema } from './scan-view.js';

/**
 * `POST /api/v1/scans/register`: a fire-and-forget launch tells the service about its Invicti scan,
 * so that the results are fetched even when no completion webhook arrives.
 */
export const invictiScanRegistrationSchema = z
  .object({
    scanId: z
      .string()
      .regex(/^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$/, {
        message: 'expected the Invicti scan id (a GUID)',
      })
      .meta({ example: '550e8400-e29b-41d4-a716-446655440000' }),
    project: projectNameSchema.meta({ example: 'shop-frontend' }),
    target: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .meta({ example: 'https://shop.example/' }),
  })
  .meta({ id: 'InvictiScanRegistration' });
export type InvictiScanRegistration = z.infer<typeof invictiScanRegistrationSchema>;

/** The answer: the stored scan (201 when it is new, 200 when it was already known). */
export const invictiScanRegisteredSchema = z
  .object({ created: z.boolean(), scan: scanViewSchema })
  .meta({ id: 'InvictiScanRegistered' });
export type InvictiScanRegistered = z.infer<typeof invictiScanRegisteredSchema>;
