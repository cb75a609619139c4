import type { FindingStatus } from '@scanrelay/storage';

/** How the dashboard names each stored finding status. */
export const FINDING_STATUS_LABELS: Readonly<Record<FindingStatus, string>> = {
  open: 'Open',
  fixed: 'Fixed',
  'false-positive': 'False positive',
  'accepted-risk': 'Accepted risk',
  duplicate: 'Duplicate',
};
