import { describe, expect, it } from 'vitest';
import { redactLine } from './redact-line.js';

describe('redactLine', () => {
  it('replaces the secret by its redacted form and masks other random-looking tokens', () => {
    expect(
      redactLine(
        'KEY=AKIAIOSFODNN7EXAMPLE other=ghp_0123456789abcdefghijklmnop',
        'AKIAIOSFODNN7EXAMPLE',
        'AKIA****LE',
      ),
    ).toBe('KEY=AKIA****LE other=ghp_********');
    expect(redactLine('secret: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab', undefined, '')).toBe(
      'secret: wJal********',
    );
  });

  it('leaves ordinary text, versions and short words alone, and truncates long lines', () => {
    expect(redactLine('SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5', undefined, '')).toBe(
      'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5',
    );
    expect(redactLine('src/components/navigation-bar/index.tsx', undefined, '')).toBe(
      'src/components/navigation-bar/index.tsx',
    );
    expect(redactLine('x'.repeat(400), undefined, '')).toHaveLength(301);
  });
});
