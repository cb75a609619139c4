/**
 * deploy/kubernetes/values.yaml, checked field by field: every error names the key, what was expected
 * and what came. (deploy/ is not a workspace package, so this holds no zod; the rendered objects are
 * validated against the Kubernetes schemas by tooling/repo-tests/test/deploy-kubernetes.test.ts.)
 */
interface Resources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

export interface Values {
  name: string;
  image: { repository: string; tag: string; digest: string; pullPolicy: 'Always' | 'IfNotPresent' | 'Never' };
  secret: { name: string; required: string[]; optional: string[] };
  env: Record<string, string>;
  api: { replicas: number; port: number; metricsPort: number; resources: Resources };
  worker: { replicas: number; concurrency: number; healthPort: number; resources: Resources };
  service: { type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; port: number };
  ingress: {
    enabled: boolean;
    className: string;
    host: string;
    tlsSecretName: string;
    annotations: Record<string, string>;
  };
  dataVolume: { size: string; accessMode: 'ReadWriteMany' | 'ReadWriteOnce'; storageClassName: string };
  migration: { enabled: boolean; backoffLimit: number };
}

class ValuesError extends Error {
  override name = 'ValuesError';
}

type Obj = Record<string, unknown>;

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

function fail(path: string, expected: string, got: unknown): never {
  throw new ValuesError(`values.yaml: ${path}: expected ${expected}, got ${show(got)}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'a mapping', v);
  return v as Obj;
}

function str(o: Obj, key: string, path: string, pattern?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || (pattern && !pattern.test(v)))
    fail(`${path}.${key}`, pattern ? `a string matching ${pattern}` : 'a string', v);
  return v;
}

function int(o: Obj, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(`${path}.${key}`, `an integer ${min}–${max}`, v);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') fail(`${path}.${key}`, 'true or false', v);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (!allowed.includes(v as T)) fail(`${path}.${key}`, `one of ${allowed.join(', ')}`, v);
  return v as T;
}

function stringMap(v: unknown, path: string): Record<string, string> {
  const o = v === undefined ? {} : obj(v, path);
  for (const [k, val] of Object.entries(o))
    if (typeof val !== 'string') fail(`${path}.${k}`, 'a string', val);
  return o as Record<string, string>;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

function names(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) fail(path, 'a list of variable names', v);
  v.forEach((n, i) => {
    if (typeof n !== 'string' || !ENV_NAME.test(n)) fail(`${path}[${i}]`, `a name matching ${ENV_NAME}`, n);
  });
  return v as string[];
}

function resources(v: unknown, path: string): Resources {
  const o = obj(v, path);
  return {
    requests: stringMap(o.requests, `${path}.requests`),
    limits: stringMap(o.limits, `${path}.limits`),
  };
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/;

export function readValues(raw: unknown): Values {
  const root = obj(raw, '(root)');
  const image = obj(root.image, 'image');
  const secret = obj(root.secret, 'secret');
  const api = obj(root.api, 'api');
  const worker = obj(root.worker, 'worker');
  const service = obj(root.service, 'service');
  const ingress = obj(root.ingress, 'ingress');
  const data = obj(root.dataVolume, 'dataVolume');
  const migration = obj(root.migration, 'migration');
  const env = stringMap(root.env, 'env');
  for (const k of Object.keys(env)) if (!ENV_NAME.test(k)) fail(`env.${k}`, `a name matching ${ENV_NAME}`, k);
  return {
    name: str(root, 'name', '(root)', DNS_LABEL),
    image: {
      repository: str(image, 'repository', 'image', /^[a-z0-9]+([._\-/:][a-z0-9]+)*$/),
      tag: str(image, 'tag', 'image', /^[\w][\w.-]{0,127}$/),
      digest: str(image, 'digest', 'image', /^(sha256:[0-9a-f]{64})?$/),
      pullPolicy: oneOf(image, 'pullPolicy', 'image', ['Always', 'IfNotPresent', 'Never'] as const),
    },
    secret: {
      name: str(secret, 'name', 'secret', DNS_LABEL),
      required: names(secret.required, 'secret.required'),
      optional: names(secret.optional ?? [], 'secret.optional'),
    },
    env,
    api: {
      replicas: int(api, 'replicas', 'api', 0, 100),
      port: int(api, 'port', 'api', 1, 65535),
      metricsPort: int(api, 'metricsPort', 'api', 1, 65535),
      resources: resources(api.resources ?? {}, 'api.resources'),
    },
    worker: {
      replicas: int(worker, 'replicas', 'worker', 0, 100),
      concurrency: int(worker, 'concurrency', 'worker', 1, 64),
      healthPort: int(worker, 'healthPort', 'worker', 1, 65535),
      resources: resources(worker.resources ?? {}, 'worker.resources'),
    },
    service: {
      type: oneOf(service, 'type', 'service', ['ClusterIP', 'NodePort', 'LoadBalancer'] as const),
      port: int(service, 'port', 'service', 1, 65535),
    },
    ingress: {
      enabled: bool(ingress, 'enabled', 'ingress'),
      className: str(ingress, 'className', 'ingress'),
      host: str(ingress, 'host', 'ingress', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
      tlsSecretName: str(ingress, 'tlsSecretName', 'ingress'),
      annotations: stringMap(ingress.annotations, 'ingress.annotations'),
    },
    dataVolume: {
      size: str(data, 'size', 'dataVolume', /^\d+(Ki|Mi|Gi|Ti)$/),
      accessMode: oneOf(data, 'accessMode', 'dataVolume', ['ReadWriteMany', 'ReadWriteOnce'] as const),
      storageClassName: str(data, 'storageClassName', 'dataVolume'),
    },
    migration: {
      enabled: bool(migration, 'enabled', 'migration'),
      backoffLimit: int(migration, 'backoffLimit', 'migration', 0, 20),
    },
  };
}
