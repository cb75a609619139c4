import type { Severity } from '@scanrelay/findings-schema';

/** What an eslint-plugin-security rule detects: the weakness (CWE) and how bad it is when real. */
export interface SecurityRule {
  cwe: string;
  severity: Severity;
}

/**
 * eslint-plugin-security's rules (docs/rules/<rule>.md), each mapped to the CWE of the weakness
 * its documentation describes, and rated by what it detects: code execution and injection high,
 * unsafe input handling medium, hotspots with many false positives (the plugin's README warns of
 * them) low. Keyed by the rule name without the `security/` prefix.
 */
export const SECURITY_RULES: Readonly<Record<string, SecurityRule>> = {
  // child_process.exec() with a non-literal argument: OS command injection.
  'detect-child-process': { cwe: 'CWE-78', severity: 'high' },
  // eval() of an expression: code injection.
  'detect-eval-with-expression': { cwe: 'CWE-95', severity: 'high' },
  // require() of a non-literal: loads code chosen at run time.
  'detect-non-literal-require': { cwe: 'CWE-829', severity: 'high' },
  // Mustache/Handlebars escaping turned off: cross-site scripting.
  'detect-disable-mustache-escape': { cwe: 'CWE-79', severity: 'high' },
  // express csrf middleware registered before methodOverride: CSRF protection bypass.
  'detect-no-csrf-before-method-override': { cwe: 'CWE-352', severity: 'medium' },
  // fs calls with a non-literal file name: path traversal.
  'detect-non-literal-fs-filename': { cwe: 'CWE-22', severity: 'medium' },
  // RegExp() built from a variable, and regular expressions open to catastrophic backtracking: ReDoS.
  'detect-non-literal-regexp': { cwe: 'CWE-1333', severity: 'medium' },
  'detect-unsafe-regex': { cwe: 'CWE-1333', severity: 'medium' },
  // Buffer reads/writes with noAssert: no bounds check.
  'detect-buffer-noassert': { cwe: 'CWE-119', severity: 'medium' },
  // new Buffer(variable): may expose uninitialised memory.
  'detect-new-buffer': { cwe: 'CWE-908', severity: 'medium' },
  // crypto.pseudoRandomBytes(): not cryptographically strong.
  'detect-pseudoRandomBytes': { cwe: 'CWE-338', severity: 'medium' },
  // Trojan Source: bidirectional control characters that make code read differently than it runs.
  'detect-bidi-characters': { cwe: 'CWE-451', severity: 'medium' },
  // variable[key]: object injection / prototype pollution hotspot, mostly false positives.
  'detect-object-injection': { cwe: 'CWE-915', severity: 'low' },
  // ==, != on secrets: timing side channel, mostly false positives.
  'detect-possible-timing-attacks': { cwe: 'CWE-208', severity: 'low' },
  // Invisible characters in identifiers or strings.
  'detect-invisible-characters': { cwe: 'CWE-1007', severity: 'low' },
};

/** The plugin's rule ids are `security/<rule>`. */
export const SECURITY_PREFIX = 'security/';
