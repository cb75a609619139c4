import { randomUUID } from 'node:crypto';
import { type FakeIssue, makeIssues } from './fake-issues.js';
import { phaseOf, type ScanPlan, stateAt, TERMINAL_STATES } from './scan-plan.js';

export interface FakeWebsite {
  Id: string;
  Name: string;
  RootUrl: string;
}

export interface FakeScan {
  id: string;
  targetUrl: string;
  website: FakeWebsite;
  scanType: 'Full' | 'Incremental';
  profileName?: string;
  policyId?: string;
  tags: string[];
  comments?: string;
  plan: ScanPlan;
  launchedAt: number;
  /** Set by setState/cancel: the scan stays in this state and no longer follows its plan. */
  pinned?: string;
  state: string;
  percentage: number;
  stateChangedAt: number;
  issueCount: number;
}

export interface StoreOptions {
  startTime?: number;
  plan?: ScanPlan;
  websites?: FakeWebsite[];
  /** Called once when a scan reaches Complete, Failed or Cancelled. */
  onTerminal?: (scan: FakeScan) => void;
}

/** Scans, websites and issues of one fake Invicti account, on a clock that only moves when told. */
export function createInvictiStore(opts: StoreOptions = {}) {
  let now = opts.startTime ?? Date.now();
  const scans = new Map<string, FakeScan>();
  const websites: FakeWebsite[] = [...(opts.websites ?? [])];
  const issues: FakeIssue[] = [];
  const nextPlans: ScanPlan[] = [];
  const registeredOnly = opts.websites !== undefined;

  const settle = (scan: FakeScan, state: string, percentage: number) => {
    if (scan.state === state) {
      scan.percentage = percentage;
      return;
    }
    scan.state = state;
    scan.percentage = percentage;
    scan.stateChangedAt = now;
    if (!TERMINAL_STATES.has(state)) return;
    if (state === 'Complete') {
      const made = makeIssues(
        {
          id: scan.id,
          targetUrl: scan.targetUrl,
          websiteId: scan.website.Id,
          websiteName: scan.website.Name,
          websiteRootUrl: scan.website.RootUrl,
        },
        scan.plan.issues ?? 3,
        now,
      );
      issues.push(...made);
      scan.issueCount = made.length;
    }
    opts.onTerminal?.(scan);
  };

  const refresh = () => {
    for (const scan of scans.values()) {
      if (TERMINAL_STATES.has(scan.state)) continue;
      if (scan.pinned !== undefined) settle(scan, scan.pinned, scan.percentage);
      else {
        const next = stateAt(scan.plan, now - scan.launchedAt);
        settle(scan, next.state, next.percentage);
      }
    }
  };

  const websiteFor = (targetUrl: string): FakeWebsite | undefined => {
    const found = websites
      .filter((w) => targetUrl.toLowerCase().startsWith(w.RootUrl.toLowerCase().replace(/\/?$/, '')))
      .sort((a, b) => b.RootUrl.length - a.RootUrl.length)[0];
    if (found || registeredOnly) return found;
    const url = new URL(targetUrl);
    const created = { Id: randomUUID(), Name: url.host, RootUrl: `${url.origin}/` };
    websites.push(created);
    return created;
  };

  return {
    scans,
    websites,
    issues,
    now: () => now,
    advance(ms: number) {
      if (!(ms >= 0))
        throw new TypeError(`fake Invicti: advance(ms) expects a non-negative number, got ${ms}`);
      now += ms;
      refresh();
    },
    refresh,
    planNext(plan: ScanPlan) {
      nextPlans.push(plan);
    },
    websiteFor,
    launch(input: {
      targetUrl: string;
      scanType?: 'Full' | 'Incremental';
      profileName?: string;
      policyId?: string;
      tags?: string[];
      comments?: string;
    }) {
      const website = websiteFor(input.targetUrl);
      if (!website) return undefined;
      const scan: FakeScan = {
        id: randomUUID(),
        targetUrl: input.targetUrl,
        website,
        scanType: input.scanType ?? 'Full',
        profileName: input.profileName,
        policyId: input.policyId,
        tags: input.tags ?? [],
        comments: input.comments,
        plan: { ...opts.plan, ...nextPlans.shift() },
        launchedAt: now,
        state: 'Queued',
        percentage: 0,
        stateChangedAt: now,
        issueCount: 0,
      };
      scans.set(scan.id.toLowerCase(), scan);
      refresh();
      return scan;
    },
    get(id: string): FakeScan | undefined {
      refresh();
      return scans.get(id.toLowerCase().replace(/[{}]/g, ''));
    },
    setState(id: string, state: string) {
      const scan = scans.get(id.toLowerCase());
      if (!scan) throw new TypeError(`fake Invicti: setState: no scan ${id}`);
      scan.pinned = state;
      settle(scan, state, state === 'Complete' ? 100 : scan.percentage);
    },
  };
}

export type InvictiStore = ReturnType<typeof createInvictiStore>;

/** ScanTaskModel as `scans/detail/{id}` and the launch endpoints return it. */
export function scanTaskModel(scan: FakeScan, now: number, issues: readonly FakeIssue[] = []) {
  const done = scan.state === 'Complete';
  const mine = done ? issues.filter((i) => i.LatestScanId === scan.id) : [];
  const count = (severity: string) => mine.filter((i) => i.Severity === severity).length;
  const seconds = Math.floor(
    ((TERMINAL_STATES.has(scan.state) ? scan.stateChangedAt : now) - scan.launchedAt) / 1000,
  );
  return {
    Id: scan.id,
    State: scan.state,
    Phase: phaseOf(scan.state),
    ScanType: scan.scanType,
    IsCompleted: done,
    Percentage: scan.percentage,
    CompletedSteps: scan.percentage,
    EstimatedSteps: 100,
    EstimatedLaunchTime: scan.state === 'Queued' ? 1 : null,
    TargetUrl: scan.targetUrl,
    TargetPath: new URL(scan.targetUrl).pathname,
    WebsiteId: scan.website.Id,
    WebsiteName: scan.website.Name,
    WebsiteUrl: scan.website.RootUrl,
    InitiatedAt: new Date(scan.launchedAt).toISOString(),
    StateChanged: new Date(scan.stateChangedAt).toISOString(),
    Duration: `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`,
    FailureReason: scan.state === 'Failed' ? (scan.plan.failureReason ?? 'Unknown') : 'None',
    FailureReasonDescription:
      scan.state === 'Failed'
        ? (scan.plan.failureReasonDescription ?? 'The scan failed (fake Invicti).')
        : null,
    FailureReasonString:
      scan.state === 'Failed'
        ? (scan.plan.failureReasonDescription ?? 'The scan failed (fake Invicti).')
        : null,
    PolicyId: scan.policyId ?? '00000000-0000-0000-0000-000000000001',
    PolicyName: 'Default Security Checks',
    ScanTaskProfile: scan.profileName ? { Name: scan.profileName, IsPrimary: true } : null,
    // Invicti's total excludes informational and best-practice issues.
    TotalVulnerabilityCount: mine.filter((i) => i.Severity !== 'Information' && i.Severity !== 'BestPractice')
      .length,
    VulnerabilityCriticalCount: count('Critical'),
    VulnerabilityHighCount: count('High'),
    VulnerabilityMediumCount: count('Medium'),
    VulnerabilityLowCount: count('Low'),
    VulnerabilityInfoCount: count('Information'),
    VulnerabilityBestPracticeCount: count('BestPractice'),
    Tags: scan.tags,
    Comments: scan.comments ?? null,
  };
}
