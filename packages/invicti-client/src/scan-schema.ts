import * as z from 'zod';

// Invicti is an ASP.NET service: absent values arrive as null, and new fields appear over time, so
// every optional field is nullish and objects keep the fields this client does not know.
const str = z.string().nullish();
const int = z.number().nullish();
const bool = z.boolean().nullish();

/** `GET scans/status/{id}`: ApiScanStatusModel. `State` stays a string so unknown states are reported, not rejected. */
export const scanStatusSchema = z.looseObject({
  State: z.string().min(1),
  CompletedSteps: int,
  EstimatedSteps: int,
  /** Minutes until a queued scan starts. */
  EstimatedLaunchTime: int,
});
export type ScanStatus = z.infer<typeof scanStatusSchema>;

/** A scan as launched (`scans/new…`) and as `GET scans/detail/{id}` returns it: ScanTaskModel. */
export const scanTaskSchema = z.looseObject({
  Id: z.string().min(1),
  State: z.string().min(1),
  TargetUrl: str,
  TargetPath: str,
  WebsiteId: str,
  WebsiteName: str,
  WebsiteUrl: str,
  Phase: str,
  ScanType: str,
  IsCompleted: bool,
  Percentage: int,
  CompletedSteps: int,
  EstimatedSteps: int,
  EstimatedLaunchTime: int,
  InitiatedAt: str,
  StateChanged: str,
  Duration: str,
  FailureReason: str,
  FailureReasonDescription: str,
  FailureReasonString: str,
  PolicyId: str,
  PolicyName: str,
  ScanTaskProfileId: str,
  VulnerabilityCriticalCount: int,
  VulnerabilityHighCount: int,
  VulnerabilityMediumCount: int,
  VulnerabilityLowCount: int,
  VulnerabilityInfoCount: int,
  VulnerabilityBestPracticeCount: int,
  TotalVulnerabilityCount: int,
});
export type ScanTask = z.infer<typeof scanTaskSchema>;

/** `POST scans/new` answers 201 with an array (one scan per created task). */
export const scanTaskListSchema = z.array(scanTaskSchema).min(1);

/** `POST scans/cancel` answers a bare JSON string. */
export const CANCEL_RESULTS = [
  'Ok',
  'ScanNotFound',
  'ScanCompleted',
  'ScanNotRunning',
  'ScanNotPaused',
  'ScanCancelled',
  'ScanFailed',
  'ScanQueued',
] as const;
export const cancelResultSchema = z.string().min(1);
export type CancelResult = (typeof CANCEL_RESULTS)[number] | (string & {});

/** `GET websites/get/{id}`: the fields of WebsiteApiModel this client reads. */
export const websiteSchema = z.looseObject({
  Id: z.string().min(1),
  Name: str,
  RootUrl: z.string().min(1),
});
export type Website = z.infer<typeof websiteSchema>;
