import { createHash } from 'node:crypto';
import {
  OPENVEX_CONTEXT,
  type OpenVexDocument,
  type OpenVexJustification,
  type OpenVexStatement,
} from '@scanrelay/api-schema';
import type { Store, StoredFinding } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';

/** `buildOpenVex`'s input. */
export interface BuildOpenVexInput {
  tenantId: string;
  /** The project's name. */
  project: string;
  /** The document's author, e.g. the tenant's name or a team's address. */
  author: string;
  /** The document's timestamp and the time acceptances are judged at; default the clock. */
  now?: Date;
  /** The justification of `not_affected` statements; default `vulnerable_code_not_present`. */
  justification?: OpenVexJustification;
  /** Base of the document's and the project product's IRIs; default `https://scanrelay.dev`. */
  baseIri?: string;
}

const TRIAGED = ['false-positive', 'accepted-risk', 'fixed'] as const;
const PAGE = 1000;
/** The status that wins when findings of one vulnerability and product disagree. */
const PRECEDENCE: Record<OpenVexStatement['status'], number> = {
  affected: 3,
  under_investigation: 2,
  not_affected: 1,
  fixed: 0,
};

const CVE = /^CVE-\d{4}-\d{4,}$/;
const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
/** OSV ids: an ecosystem prefix, a dash, then an id (PYSEC-2021-1, GO-2022-0001, RUSTSEC-…). */
const OSV = /^[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** The finding's vulnerability ids, the name first (a CVE, else a GHSA, else an OSV id). */
function vulnerabilityIds(finding: StoredFinding): string[] {
  const ids = [...new Set(finding.finding.cve.map((id) => id.trim()))];
  const rank = (id: string) => (CVE.test(id) ? 0 : GHSA.test(id) ? 1 : OSV.test(id) ? 2 : 3);
  return ids.filter((id) => rank(id) < 3).sort((a, b) => rank(a) - rank(b));
}

function iso(value: string | null | undefined): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

function statementOf(
  finding: StoredFinding,
  ids: string[],
  product: NonNullable<OpenVexStatement['products']>[number],
  justification: OpenVexJustification,
): OpenVexStatement {
  const [name, ...aliases] = ids as [string, ...string[]];
  const s: OpenVexStatement = { vulnerability: { name }, products: [product], status: 'fixed' };
  if (aliases.length > 0) s.vulnerability.aliases = aliases;
  const reason = finding.triageReason ?? undefined;
  if (finding.status === 'false-positive') {
    s.status = 'not_affected';
    s.justification = justification;
    if (reason) s.impact_statement = reason;
  } else if (finding.status === 'accepted-risk') {
    s.status = 'affected';
    const until = iso(finding.acceptedUntil);
    s.action_statement = `${reason ?? 'risk accepted'}; ${until ? `accepted until ${until}` : 'accepted with no expiry'}`;
    const at = iso(finding.triagedAt);
    if (at) s.action_statement_timestamp = at;
  }
  const timestamp = iso(finding.status === 'fixed' ? finding.fixedAt : finding.triagedAt);
  if (timestamp) s.timestamp = timestamp;
  return s;
}

async function triagedFindings(store: Store, tenantId: string, projectId: string): Promise<StoredFinding[]> {
  const all: StoredFinding[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.findings.list(tenantId, {
      projectId,
      status: [...TRIAGED],
      limit: PAGE,
      cursor,
    });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * The project's triage decisions as an OpenVEX v0.2.0 document (valid against
 * `openVexDocumentSchema`): one statement per vulnerability and product. The vulnerability is the
 * finding's CVE (else GHSA, else OSV id; its other ids are aliases; findings without one are left
 * out); the product is the package's purl when the finding has one, else the project. A false
 * positive states `not_affected` with a justification and the reason as `impact_statement`; an
 * accepted risk (not expired at `now`) `affected` with the reason and expiry as `action_statement`;
 * a fixed finding `fixed`; open findings are not stated. When findings of one vulnerability and
 * product disagree, `affected` wins over `not_affected`, which wins over `fixed`. The `@id` is
 * `<base>/vex/<tenant>/<project>/<sha256 of the statements>`: the same decisions give the same id.
 *
 * `not_found` for an unknown project or another tenant's, and for a project with nothing to state
 * (OpenVEX requires at least one statement).
 */
export async function buildOpenVex(store: Store, input: BuildOpenVexInput): Promise<OpenVexDocument> {
  const now = input.now ?? new Date();
  const base = (input.baseIri ?? 'https://scanrelay.dev').replace(/\/+$/, '');
  const project = await store.projects.getByName(input.tenantId, input.project);
  if (!project) throw new CoreError('not_found', `no project named "${input.project}"`);
  await store.findings.reopenExpired(input.tenantId, now.toISOString(), project.id);
  const tenantPart = encodeURIComponent(input.tenantId);
  const projectPart = encodeURIComponent(project.name);
  const projectProduct = { '@id': `${base}/projects/${tenantPart}/${projectPart}` };

  const byKey = new Map<string, OpenVexStatement>();
  for (const finding of await triagedFindings(store, input.tenantId, project.id)) {
    const ids = vulnerabilityIds(finding);
    if (ids.length === 0) continue;
    const loc = finding.finding.location;
    const purl = loc?.kind === 'package' ? loc.purl : undefined;
    const product = purl ? { '@id': purl, identifiers: { purl } } : projectProduct;
    const statement = statementOf(
      finding,
      ids,
      product,
      input.justification ?? 'vulnerable_code_not_present',
    );
    const key = `${ids[0]}\u0000${product['@id']}`;
    const held = byKey.get(key);
    if (!held || PRECEDENCE[statement.status] > PRECEDENCE[held.status]) byKey.set(key, statement);
  }
  const statements = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
  if (statements.length === 0)
    throw new CoreError(
      'not_found',
      `project "${project.name}" has no triaged vulnerability to state (a false positive, accepted risk or fixed finding with a CVE, GHSA or OSV id)`,
    );
  const digest = createHash('sha256').update(JSON.stringify(statements)).digest('hex');
  return {
    '@context': OPENVEX_CONTEXT,
    '@id': `${base}/vex/${tenantPart}/${projectPart}/${digest}`,
    author: input.author,
    timestamp: now.toISOString(),
    version: 1,
    tooling: 'scanrelay',
    statements,
  };
}
