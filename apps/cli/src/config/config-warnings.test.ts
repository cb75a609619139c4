import { describe, expect, it } from 'vitest';
import { cliConfigSchema } from './config-schema.js';
import { configWarnings } from './config-warnings.js';

const TOKEN = 'a-webhook-token-of-32-characters';
const config = (input: Record<string, unknown>) => cliConfigSchema.parse(input);

describe('configWarnings', () => {
  it('warns when the webhook is enabled in mode worker without the Invicti credentials', () => {
    const [warning, ...rest] = configWarnings(config({ webhooks: { invicti: { tokens: [TOKEN] } } }));
    expect(rest).toEqual([]);
    expect(warning).toMatch(
      /Invicti webhook is enabled in mode "worker" but invicti\.userId \(SCANRELAY_INVICTI_USER_ID\) and invicti\.apiToken \(SCANRELAY_INVICTI_API_TOKEN\) are not set/,
    );
    expect(
      configWarnings(config({ webhooks: { invicti: { secrets: [TOKEN] } }, invicti: { userId: 'u-1' } })),
    ).toEqual([expect.stringMatching(/but invicti\.apiToken \(SCANRELAY_INVICTI_API_TOKEN\) is not set/)]);
  });

  it('is quiet when the webhook is off, the credentials are set, or the workflow fetches', () => {
    expect(configWarnings(config({}))).toEqual([]);
    expect(
      configWarnings(
        config({ webhooks: { invicti: { tokens: [TOKEN] } }, invicti: { userId: 'u-1', apiToken: 't' } }),
      ),
    ).toEqual([]);
    expect(
      configWarnings(
        config({
          webhooks: { invicti: { tokens: [TOKEN], mode: 'workflow', workflow: { owner: 'o', repo: 'r' } } },
        }),
      ),
    ).toEqual([]);
  });

  it('warns about SAST providers on GitHub without a token, or without a callback URL GitHub reaches', () => {
    const onGitHub = {
      providers: [{ provider: 'semgrep', backend: { kind: 'github', owner: 'o', repo: 'r' } }],
    };
    expect(configWarnings(config({ sast: onGitHub }))).toEqual([
      expect.stringMatching(
        /SAST provider\(s\) semgrep run on GitHub but github\.token \(SCANRELAY_GITHUB_TOKEN\) is not set/,
      ),
      expect.stringMatching(
        /sast\.callbackUrl \(SCANRELAY_SAST_CALLBACK_URL\) is not set: .*GitHub cannot reach/,
      ),
    ]);
    expect(
      configWarnings(
        config({
          github: { token: 'ghp_x' },
          sast: { ...onGitHub, callbackUrl: 'https://scanrelay.example.com/api/v1/webhooks/scan-results' },
        }),
      ),
    ).toEqual([]);
  });
});
