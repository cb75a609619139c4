import { describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';

describe('readInputs', () => {
  it('applies each command its defaults', () => {
    expect(readInputs({ command: 'parse', 'report-file': 'r.json' })).toEqual({
      command: 'parse',
      'report-file': 'r.json',
      'scanner-type': 'auto',
      'sarif-file': 'scanrelay.sarif',
      'fail-on': 'critical',
      top: 10,
    });
    expect(
      readInputs({ command: 'invicti-scan', 'target-uri': 'https://shop.example.com/', blocking: 'TRUE' }),
    ).toMatchObject({ blocking: true, format: 'scb', 'output-dir': 'scanrelay-invicti' });
  });

  it('names every missing or bad input of the command, never a secret value', () => {
    expect(() => readInputs({ command: 'gate', 'api-key': 'sr_secret_value' })).toThrow(
      'scanrelay action: bad inputs: api-url: required for this command; project: required for this command',
    );
    expect(() =>
      readInputs({
        command: 'upload',
        'api-url': 'ftp://x',
        'api-key': 'k',
        'report-file': 'r',
        wait: 'yes',
      }),
    ).toThrow(/api-url: expected an http\(s\) URL; wait: expected true or false/);
    expect(() =>
      readInputs({
        command: 'gate',
        'api-url': 'https://x',
        'api-key': 'k',
        project: 'p',
        'fail-on': 'none',
      }),
    ).toThrow(/fail-on: /);
    expect(() =>
      readInputs({
        command: 'sast',
        provider: 'patterns',
        'repo-url': 'https://g/r.git',
        project: 'p',
        'callback-url': 'https://cb',
      }),
    ).toThrow('callback-secret: callback-url and callback-secret go together');
    expect(() => readInputs({ command: 'invicti-issues', 'scan-id': 's', 'api-url': 'https://x' })).toThrow(
      'api-key: api-key is required with api-url',
    );
    try {
      readInputs({ command: 'upload', 'api-url': 'https://x', 'api-key': 'sr_secret_value' });
    } catch (err) {
      expect(String(err)).not.toContain('sr_secret_value');
    }
  });
});
