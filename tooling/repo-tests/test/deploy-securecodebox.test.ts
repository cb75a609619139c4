import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { makeTempDir, repoRoot, runCli } from '@scanrelay/test-utils';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Pod } from 'kubernetes-models/v1/Pod';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, walked freely by the assertions
type Tree = any;

const dir = path.join(repoRoot, 'deploy/securecodebox');
const load = (f: string) => parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, Tree>;
const scanType = load('invicti-scantype.yaml');
const parseDefinition = load('invicti-parsedefinition.yaml');

/*
 * The facts of secureCodeBox's CRDs (operator/crds/execution.securecodebox.io_{scantypes,parsedefinitions}
 * .yaml, openAPIV3Schema of v1) that these resources rely on:
 * - both: group execution.securecodebox.io, version v1, namespaced, metadata an object, spec an object.
 * - ScanType.spec: extractResults {type: string, location: string ("Must be located in
 *   /home/securecodebox/")} and jobTemplate, the schema of a batch/v1 Job (jobTemplate.spec requires
 *   template; template.spec requires containers). No other spec fields.
 * - ParseDefinition.spec: affinity (core Affinity), contentType (enum Text | Binary, default Text),
 *   env ([]EnvVar), image (string), imagePullPolicy (string), imagePullSecrets ([]LocalObjectReference),
 *   nodeSelector (map of strings), resources (ResourceRequirements), scopeLimiterAliases (map of
 *   strings), tolerations ([]Toleration), ttlSecondsAfterFinished (int32, nullable), volumeMounts
 *   ([]VolumeMount), volumes ([]Volume).
 * The embedded Kubernetes types are checked with kubernetes-models' schemas of the same types.
 */
const SCB_API_VERSION = 'execution.securecodebox.io/v1';
const PARSE_SPEC_FIELDS = [
  'affinity',
  'contentType',
  'env',
  'image',
  'imagePullPolicy',
  'imagePullSecrets',
  'nodeSelector',
  'resources',
  'scopeLimiterAliases',
  'tolerations',
  'ttlSecondsAfterFinished',
  'volumeMounts',
  'volumes',
];
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

/** The problems of a resource against the CRD facts above; [] when it is valid. */
function crdProblems(res: Record<string, Tree>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(res.apiVersion === SCB_API_VERSION, `apiVersion: expected ${SCB_API_VERSION}`);
  need(
    isObject(res.metadata) && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(String(res.metadata?.name)),
    'metadata.name',
  );
  need(isObject(res.spec), 'spec: expected an object');
  const spec = isObject(res.spec) ? (res.spec as Record<string, Tree>) : {};
  if (res.kind === 'ScanType') {
    for (const k of Object.keys(spec))
      need(['extractResults', 'jobTemplate'].includes(k), `spec.${k}: not in the CRD`);
    const er = spec.extractResults;
    need(isObject(er), 'spec.extractResults: expected an object');
    for (const k of Object.keys(er ?? {})) need(['type', 'location'].includes(k), `spec.extractResults.${k}`);
    need(typeof er?.type === 'string', 'spec.extractResults.type: expected a string');
    need(
      typeof er?.location === 'string' && er.location.startsWith('/home/securecodebox/'),
      'spec.extractResults.location: expected a path under /home/securecodebox/',
    );
    try {
      new Job({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'scan' },
        ...spec.jobTemplate,
      }).validate();
      need(isObject(spec.jobTemplate?.spec?.template?.spec), 'spec.jobTemplate.spec.template.spec');
    } catch (e) {
      problems.push(`spec.jobTemplate: ${(e as Error).message}`);
    }
  } else if (res.kind === 'ParseDefinition') {
    for (const k of Object.keys(spec)) need(PARSE_SPEC_FIELDS.includes(k), `spec.${k}: not in the CRD`);
    need(typeof spec.image === 'string', 'spec.image: expected a string');
    need(spec.contentType === undefined || ['Text', 'Binary'].includes(spec.contentType), 'spec.contentType');
    const ttl = spec.ttlSecondsAfterFinished;
    need(ttl == null || (Number.isInteger(ttl) && ttl >= 0 && ttl < 2 ** 31), 'spec.ttlSecondsAfterFinished');
    for (const k of ['nodeSelector', 'scopeLimiterAliases'])
      need(spec[k] === undefined || isStringMap(spec[k]), `spec.${k}: expected a map of strings`);
    // The embedded core types, in the pod a parse job would run.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'parser' },
      spec: {
        containers: [
          {
            name: 'parser',
            image: spec.image,
            imagePullPolicy: spec.imagePullPolicy,
            env: spec.env,
            resources: spec.resources,
            volumeMounts: spec.volumeMounts,
          },
        ],
        volumes: spec.volumes,
        imagePullSecrets: spec.imagePullSecrets,
        tolerations: spec.tolerations,
        affinity: spec.affinity,
      },
    };
    try {
      new Pod(JSON.parse(JSON.stringify(pod))).validate();
    } catch (e) {
      problems.push(`spec (core types): ${(e as Error).message}`);
    }
  } else problems.push(`kind: expected ScanType or ParseDefinition, got ${res.kind}`);
  return problems;
}

describe('deploy/securecodebox', () => {
  it('the ScanType and the ParseDefinition satisfy the secureCodeBox CRDs', () => {
    expect(crdProblems(scanType)).toEqual([]);
    expect(crdProblems(parseDefinition)).toEqual([]);
    expect(scanType.spec.extractResults.type).toBe(parseDefinition.metadata.name);
  });

  it('the CRD check catches what the operator would refuse', () => {
    const bad = structuredClone(scanType);
    bad.spec.extractResults.location = '/tmp/findings.json';
    bad.spec.jobTemplate.spec.template.spec.containers = [{ name: 'x', env: 'SCB_ACTION=Scan' }];
    bad.spec.webhookUrl = 'https://example.com';
    expect(crdProblems(bad)).toEqual([
      'spec.webhookUrl: not in the CRD',
      'spec.extractResults.location: expected a path under /home/securecodebox/',
      expect.stringMatching(/^spec\.jobTemplate: .*env/),
    ]);
    const badParser = structuredClone(parseDefinition);
    badParser.spec.contentType = 'json';
    badParser.spec.env = [{ value: 'no name' }];
    expect(crdProblems(badParser)).toEqual([
      'spec.contentType',
      expect.stringMatching(/^spec \(core types\): /),
    ]);
  });

  it('matches the Helm values of the fire-and-forget setup', () => {
    expect(scanType.metadata.name).toBe('invicti-enterprise');
    const [container] = scanType.spec.jobTemplate.spec.template.spec.containers;
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    const env = Object.fromEntries(container.env.map((e: Tree) => [e.name, e]));
    // scanType.env of the values, entry for entry.
    expect(env.SCB_ACTION).toEqual({ name: 'SCB_ACTION', value: 'Scan' });
    expect(env.SCB_SCANNER__FIREANDFORGET).toEqual({ name: 'SCB_SCANNER__FIREANDFORGET', value: 'true' });
    expect(env.SCB_INVICTI__URL.valueFrom).toEqual({
      secretKeyRef: { name: 'invicti-credentials', key: 'url' },
    });
    expect(env.SCB_INVICTI__APIKEY.valueFrom).toEqual({
      secretKeyRef: { name: 'invicti-credentials', key: 'apikey' },
    });
    // Results land where secureCodeBox's lurker collects them.
    expect(`${env.SCB_SCANNER__OUTPUTPATH.value}/findings.json`).toBe(scanType.spec.extractResults.location);
    expect(container.command).toEqual(['node', '/app/dist/bin.js', 'invicti', 'scan']);
  });

  describe('the scanrelay command and parser', () => {
    const temp = makeTempDir('scanrelay-scb-');
    afterAll(() => temp.cleanup());
    const requireParser = createRequire(import.meta.url);
    const { parse: parseFindings } = requireParser(path.join(dir, 'parser/parser.cjs')) as {
      parse: (content: unknown) => Promise<Array<Record<string, unknown>>>;
    };

    it('the ScanType command is `scanrelay invicti scan`, reading SCB_* (it names the missing URL)', async () => {
      const [, , ...args] = scanType.spec.jobTemplate.spec.template.spec.containers[0].command as string[];
      const base = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !/^(SCB_|INVICTI_|SCANRELAY_INVICTI_)/.test(k)),
      );
      const r = await runCli(args, {
        env: {
          ...base,
          SCB_ACTION: 'Scan',
          SCB_SCANNER__FIREANDFORGET: 'true',
          SCB_SCANNER__OUTPUTPATH: temp.dir,
        },
      });
      expect(args).toEqual(['invicti', 'scan']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/SCB_INVICTI__URL/);
    });

    it('passes scanrelay secureCodeBox findings through, without the ids the SDK assigns', async () => {
      const out = path.join(temp.dir, 'findings.json');
      const parsed = await runCli([
        'parse',
        'examples/trivy-sample.json',
        '--format',
        'scb',
        '--output',
        out,
      ]);
      expect(parsed.code, parsed.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      const original = JSON.parse(text) as Array<Record<string, unknown>>;
      expect(original.length).toBeGreaterThan(0);
      const findings = await parseFindings(text);
      expect(findings).toHaveLength(original.length);
      expect(findings.map((f) => f.name)).toEqual(original.map((f) => f.name));
      expect(findings.map((f) => f.severity)).toEqual(original.map((f) => f.severity));
      for (const f of findings) {
        expect(f).not.toHaveProperty('id');
        expect(f).not.toHaveProperty('parsed_at');
      }
      expect(await parseFindings(original)).toEqual(findings);
    });

    it('turns the fire-and-forget launch (an empty findings.json) into no findings, and refuses other JSON', async () => {
      expect(await parseFindings('[]\n')).toEqual([]);
      expect(await parseFindings('')).toEqual([]);
      await expect(parseFindings('{"scanId":"x"}')).rejects.toThrow('expected a JSON array of findings');
      await expect(parseFindings('[1]')).rejects.toThrow('finding 0: expected an object with a name');
    });
  });
});
