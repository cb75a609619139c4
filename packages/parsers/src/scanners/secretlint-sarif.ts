import { type FindingDraft, redactSecret } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import { describeValue, ParseError } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import {
  SECRETLINT_MITIGATION,
  SECRETLINT_TOOL,
  safeMessage,
  secretFromSarifMessage,
  secretlintRuleId,
  secretlintSeverity,
} from './secretlint-common.js';
import { nonEmptyString, positiveInteger } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';

type Rec = Record<string, unknown>;
const SCANNER = SECRETLINT_TOOL.id;

/** `$.runs[i].tool.driver`, read before the run's results. */
function driverOf(m: JsonMatch): Rec | undefined {
  const run = m.ancestors[2];
  const tool = isRecord(run) ? run.tool : undefined;
  return isRecord(tool) && isRecord(tool.driver) ? tool.driver : undefined;
}

/**
 * One result of `secretlint --format sarif`. Its message quotes the secret unless secretlint masked
 * it ("found AWS Secret Access Key: <secret>"): the text after the last ": " is taken as the secret,
 * hashed and redacted, and the message is kept with it replaced. secretlint's SARIF rule id is
 * `<preset> > <rule>` and has no messageId: the rule's short name is the id.
 */
export function secretlintSarifDraft(m: JsonMatch, options: ParseOptions | undefined): FindingDraft {
  const at = formatJsonPath(m.path);
  const driver = driverOf(m);
  if (driver?.name !== 'secretlint')
    throw new ParseError(
      SCANNER,
      { path: `$.runs[${m.path[1] as number}].tool.driver.name` },
      'a secretlint SARIF log (driver "secretlint")',
      { got: describeValue(driver?.name) },
    );
  const r = m.value;
  const location = isRecord(r) && Array.isArray(r.locations) ? r.locations[0] : undefined;
  const physical = isRecord(location) && isRecord(location.physicalLocation) ? location.physicalLocation : {};
  const artifact = isRecord(physical.artifactLocation) ? physical.artifactLocation : {};
  if (!isRecord(r) || typeof r.ruleId !== 'string' || r.ruleId === '' || !nonEmptyString(artifact.uri))
    throw new ParseError(
      SCANNER,
      { path: at },
      'a SARIF result {ruleId, message, locations[{physicalLocation}]}',
      {
        got: describeValue(isRecord(r) ? (nonEmptyString(artifact.uri) ? r.ruleId : artifact.uri) : r),
      },
    );
  const region = isRecord(physical.region) ? physical.region : {};
  const text = isRecord(r.message) ? nonEmptyString(r.message.text) : undefined;
  const value = secretFromSarifMessage(text);
  const secret = value ? redactSecret(value) : undefined;
  const rule = r.ruleId.split(' > ').at(-1) ?? r.ruleId;
  const parent = r.ruleId.includes(' > ') ? r.ruleId.split(' > ')[0] : undefined;
  return {
    tool: {
      ...SECRETLINT_TOOL,
      ...(nonEmptyString(driver.version) ? { version: driver.version as string } : {}),
    },
    ruleId: secretlintRuleId(rule, undefined),
    name: `Hard-coded secret: ${secretlintRuleId(rule, undefined)}`,
    description: text ? safeMessage(text, value, secret, undefined) : undefined,
    severity: secretlintSeverity(r.level ?? 'warning', `${at}.level`, options),
    category: 'Secrets',
    location: {
      kind: 'source',
      file: artifact.uri as string,
      startLine: positiveInteger(region.startLine),
      endLine: positiveInteger(region.endLine),
      column: positiveInteger(region.startColumn),
      endColumn: positiveInteger(region.endColumn),
    },
    cwe: ['CWE-798'],
    mitigation: SECRETLINT_MITIGATION,
    secret,
    attributes: { rule, ...(parent ? { ruleParentId: parent } : {}), format: 'sarif' },
  };
}
