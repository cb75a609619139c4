/**
 * What to launch. Each form maps to one documented endpoint:
 * - `{ targetUri, profileName }` → `POST scans/newwithprofile` (201, one scan);
 * - `{ targetUri, policyId?, … }` → `POST scans/new` (201, an array of scans);
 * - `{ baseScanId }` → `POST scans/incremental` (201, one scan; the base scan must be complete).
 * `extra` is merged into the body as is, for fields this type does not name (Scope, Tags, …).
 */
export type LaunchScanRequest =
  | { targetUri: string; profileName: string; extra?: Record<string, unknown> }
  | {
      targetUri: string;
      profileName?: undefined;
      policyId?: string;
      reportPolicyId?: string;
      scope?: 'EnteredPathAndBelow' | 'OnlyEnteredUrl' | 'WholeDomain';
      tags?: string[];
      comments?: string;
      extra?: Record<string, unknown>;
    }
  | {
      baseScanId: string;
      maxScanDurationHours?: number;
      agentName?: string;
      agentGroupName?: string;
      extra?: Record<string, unknown>;
    };

export type LaunchEndpoint = 'scans/new' | 'scans/newwithprofile' | 'scans/incremental';

/** The endpoint and JSON body for a launch request; TypeError when the request names no target. */
export function toLaunchCall(req: LaunchScanRequest): {
  endpoint: LaunchEndpoint;
  body: Record<string, unknown>;
} {
  if ('baseScanId' in req) {
    if (!req.baseScanId) throw new TypeError('@scanrelay/invicti-client: launchScan: baseScanId is empty');
    const body: Record<string, unknown> = { BaseScanId: req.baseScanId };
    if (req.maxScanDurationHours !== undefined) {
      body.IsMaxScanDurationEnabled = true;
      body.MaxScanDuration = req.maxScanDurationHours;
    }
    if (req.agentName) body.AgentName = req.agentName;
    if (req.agentGroupName) body.AgentGroupName = req.agentGroupName;
    return { endpoint: 'scans/incremental', body: { ...body, ...req.extra } };
  }
  if (typeof req.targetUri !== 'string' || req.targetUri.trim() === '') {
    throw new TypeError(
      '@scanrelay/invicti-client: launchScan: expected a targetUri (or a baseScanId for an incremental scan)',
    );
  }
  if (req.profileName !== undefined) {
    if (req.profileName.trim() === '')
      throw new TypeError('@scanrelay/invicti-client: launchScan: profileName is empty');
    return {
      endpoint: 'scans/newwithprofile',
      body: { ProfileName: req.profileName, TargetUri: req.targetUri, ...req.extra },
    };
  }
  const body: Record<string, unknown> = { TargetUri: req.targetUri };
  if (req.policyId) body.PolicyId = req.policyId;
  if (req.reportPolicyId) body.ReportPolicyId = req.reportPolicyId;
  if (req.scope) body.Scope = req.scope;
  if (req.tags) body.Tags = req.tags;
  if (req.comments) body.Comments = req.comments;
  return { endpoint: 'scans/new', body: { ...body, ...req.extra } };
}
