import * as z from 'zod/mini';

// Invicti is an ASP.NET service: absent values arrive as null, and new fields appear over time, so
// every optional field is nullish and objects keep the fields this client does not know.
// In zod/mini: a fire-and-forget launch checks its answer with these (English: see zod-locale.ts).
const str = z.nullish(z.string());
const int = z.nullish(z.number());
const bool = z.nullish(z.boolean());
const required = z.string().check(z.minLength(1));

/** `GET scans/status/{id}`: ApiScanStatusModel. `State` stays a string so unknown states are reported, not rejected. */
export const scanStatusSchema = z.looseObject({
  State: required,
  CompletedSteps: int,
  EstimatedSteps: int,
  /** Minutes until a queued scan starts. */
  EstimatedLaunchTime: int,
});
export type ScanStatus = z.infer<typeof scanStatusSchema>;

/** A scan as launched (`scans/new…`) and as `GET scans/detail/{id}` returns it: ScanTaskModel. */
export const scanTaskSchema = z.looseObject({
  Id: required,
  State: required,
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
export const scanTaskListSchema = z.array(scanTaskSchema).check(z.minLength(1));

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
export const cancelResultSchema = required;
export type CancelResult = (typeof CANCEL_RESULTS)[number] | (string & {});

/** `GET websites/get/{id}`: the fields of WebsiteApiModel this client reads. */
export const websiteSchema = z.looseObject({
  Id: required,
  Name: str,
  RootUrl: required,
});
export type Website = z.infer<typeof websiteSchema>;
