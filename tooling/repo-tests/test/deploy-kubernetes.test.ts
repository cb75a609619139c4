import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import * as yaml from 'yaml';
import { readValues } from '../../../deploy/kubernetes/read-values.js';
import { manifestsDir, renderFiles, renderManifests, valuesPath } from '../../../deploy/kubernetes/render.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, walked freely by the assertions
type Tree = any;

const models: Record<string, new (data: never) => { validate(): void }> = {
  Deployment,
  Job,
  Ingress,
  PersistentVolumeClaim,
  Service,
};

/** Validates one object against the Kubernetes schema of its kind (throws, naming the field). */
function validate(object: Record<string, unknown>): void {
  const Model = models[String(object.kind)];
  if (!Model) throw new Error(`no schema for kind ${String(object.kind)}`);
  new Model(object as never).validate();
}

const valuesText = readFileSync(valuesPath, 'utf8');
const committed = Object.fromEntries(
  readdirSync(manifestsDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(path.join(manifestsDir, f), 'utf8')]),
);
const objects = Object.fromEntries(
  Object.entries(committed).map(([f, text]) => [f, yaml.parse(text) as Record<string, Tree>]),
);

describe('deploy/kubernetes', () => {
  it('the committed manifests are exactly what values.yaml renders (no drift)', () => {
    const rendered = Object.fromEntries(renderFiles(valuesText, yaml));
    expect(Object.keys(committed).sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) expect(committed[file], file).toBe(text);
  });

  it.each(Object.keys(committed))('%s validates against the Kubernetes schema', (file) => {
    expect(() => validate(objects[file]!)).not.toThrow();
  });

  it('the schema check rejects a broken object', () => {
    const broken = structuredClone(objects['api-deployment.yaml']!);
    broken.spec.replicas = 'two';
    expect(() => validate(broken)).toThrow(/replicas/);
    const noImage = structuredClone(objects['worker-deployment.yaml']!);
    noImage.spec.template.spec.containers = 'worker';
    expect(() => validate(noImage)).toThrow();
  });

  it('wires the API: replicas, probes, service and ingress', () => {
    const values = yaml.parse(valuesText);
    const api = objects['api-deployment.yaml']!;
    const [container] = api.spec.template.spec.containers;
    expect(api.spec.replicas).toBe(values.api.replicas);
    expect(container.args).toEqual(['serve', '--no-worker']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 'http' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    const env = Object.fromEntries(container.env.map((e: Tree) => [e.name, e]));
    expect(env.SCANRELAY_PORT.value).toBe(String(values.api.port));
    expect(container.ports).toContainEqual({ name: 'http', containerPort: values.api.port });

    const svc = objects['api-service.yaml']!;
    expect(svc.spec.selector).toEqual(api.spec.selector.matchLabels);
    for (const [k, v] of Object.entries(svc.spec.selector))
      expect(api.spec.template.metadata.labels[k]).toBe(v);
    const ing = objects['ingress.yaml']!;
    const backend = ing.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(svc.metadata.name);
    expect(svc.spec.ports.map((p: Tree) => p.name)).toContain(backend.port.name);
    expect(ing.spec.rules[0].host).toBe(values.ingress.host);
  });

  it('gives the worker its health listener and probes it there', () => {
    const worker = objects['worker-deployment.yaml']!;
    const [container] = worker.spec.template.spec.containers;
    const env = Object.fromEntries(container.env.map((e: Tree) => [e.name, e]));
    expect(container.args).toEqual(['worker']);
    const port = Number(env.SCANRELAY_WORKER_HEALTH_PORT.value);
    expect(container.ports).toContainEqual({ name: 'health', containerPort: port });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'health' });
  });

  it('takes DATABASE_URL, REDIS_URL and the webhook secrets from the Secret, never from values', () => {
    const values = yaml.parse(valuesText);
    for (const file of ['api-deployment.yaml', 'worker-deployment.yaml', 'migration-job.yaml']) {
      const [container] = objects[file]!.spec.template.spec.containers;
      const env = Object.fromEntries(container.env.map((e: Tree) => [e.name, e]));
      for (const key of ['DATABASE_URL', 'REDIS_URL']) {
        expect(env[key].valueFrom.secretKeyRef, `${file} ${key}`).toEqual({ name: values.secret.name, key });
      }
      for (const key of ['SCANRELAY_INVICTI_WEBHOOK_TOKENS', 'SCANRELAY_INVICTI_WEBHOOK_SECRETS']) {
        expect(env[key].valueFrom.secretKeyRef).toEqual({ name: values.secret.name, key, optional: true });
      }
      expect(container.env.every((e: Tree) => !/^(postgres|redis)s?:\/\//.test(e.value ?? ''))).toBe(true);
    }
  });

  it('runs `scanrelay migrate` in a Job named after the image tag, and mounts the shared data volume', () => {
    const job = objects['migration-job.yaml']!;
    expect(job.spec.template.spec.containers[0].args).toEqual(['migrate']);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.metadata.name).toBe('scanrelay-migrate-0-1-0');
    const claim = objects['data-volume.yaml']!.metadata.name;
    for (const file of ['api-deployment.yaml', 'worker-deployment.yaml']) {
      expect(objects[file]!.spec.template.spec.volumes).toEqual([
        { name: 'data', persistentVolumeClaim: { claimName: claim } },
      ]);
    }
  });

  it('renders without the Ingress when it is disabled, and a digest into the image reference', () => {
    const values = readValues(yaml.parse(valuesText));
    const digest = `sha256:${'a'.repeat(64)}`;
    const out = renderManifests({
      ...values,
      ingress: { ...values.ingress, enabled: false },
      image: { ...values.image, digest },
    });
    expect(out.map((m) => m.file)).not.toContain('ingress.yaml');
    const api = out.find((m) => m.file === 'api-deployment.yaml')!.object as Tree;
    expect(api.spec.template.spec.containers[0].image).toBe(`ghcr.io/scanrelay/scanrelay:0.1.0@${digest}`);
    for (const m of out) expect(() => validate(m.object)).not.toThrow();
  });

  it('refuses bad values, naming the key', () => {
    const values = yaml.parse(valuesText);
    expect(() => readValues({ ...values, api: { ...values.api, replicas: 'two' } })).toThrow(
      'values.yaml: api.replicas: expected an integer 0–100, got "two"',
    );
    expect(() => readValues({ ...values, secret: { ...values.secret, required: ['database-url'] } })).toThrow(
      /secret\.required\[0\]/,
    );
    expect(() => readValues({ ...values, image: { ...values.image, digest: 'latest' } })).toThrow(
      /image\.digest/,
    );
  });
});
