/** The part of SARIF 2.1.0 that `toSarif` writes (see the OASIS standard for the full model). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  automationDetails?: { id: string };
  results: SarifResult[];
  properties?: Record<string, unknown>;
}

export interface SarifDriver {
  name: string;
  version?: string;
  semanticVersion?: string;
  informationUri?: string;
  rules: SarifRule[];
}

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string; precision?: string; [key: string]: unknown };
}

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  /** A triaged finding's decision (SARIF 2.1.0 §3.35): reviewers and GitHub see it as suppressed. */
  suppressions?: SarifSuppression[];
  properties?: Record<string, unknown>;
}

/** SARIF 2.1.0 §3.35 `suppression`: `external` = decided outside the source code. */
export interface SarifSuppression {
  kind: 'inSource' | 'external';
  status?: 'accepted' | 'underReview' | 'rejected';
  justification?: string;
  properties?: Record<string, unknown>;
}

export interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region?: {
      startLine: number;
      endLine?: number;
      startColumn?: number;
      endColumn?: number;
      snippet?: { text: string };
    };
  };
  logicalLocations?: { name?: string; fullyQualifiedName: string; kind?: string }[];
  message?: SarifMessage;
}
