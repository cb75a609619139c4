import { z } from 'zod';

const scaInfoSchema = z
  .object({
    reachable: z.boolean().optional(),
    dependency_match: z
      .object({
        found_dependency: z
          .object({
            package: z.string().optional(),
            version: z.string().optional(),
            ecosystem: z.string().optional(),
            transitivity: z.string().optional(),
            lockfile_path: z.string().optional(),
          })
          .loose()
          .optional(),
        lockfile: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** The package and advisory ids of a Semgrep Supply Chain result (`extra.sca_info`), or undefined. */
export function semgrepScaAttributes(
  raw: unknown,
  meta: Record<string, unknown>,
): { package: Record<string, string>; reachable: boolean | undefined; cve: string[] } | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = scaInfoSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const match = parsed.data.dependency_match;
  const dep = match?.found_dependency;
  const pkg: Record<string, string> = {};
  for (const [k, v] of [
    ['name', dep?.package],
    ['version', dep?.version],
    ['ecosystem', dep?.ecosystem],
    ['transitivity', dep?.transitivity],
    ['lockfile', dep?.lockfile_path ?? match?.lockfile],
  ] as const)
    if (v) pkg[k] = v;
  const id = meta['sca-vuln-database-identifier'];
  return {
    package: pkg,
    reachable: parsed.data.reachable,
    cve: typeof id === 'string' && /^(CVE|GHSA)-/.test(id) ? [id] : [],
  };
}
