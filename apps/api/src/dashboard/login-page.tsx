import { CSRF_FIELD } from './csrf.js';

export interface LoginFormProps {
  /** The login form's double-submit token (also in the `scanrelay_login` cookie). */
  csrfToken: string;
  /** The dashboard path to return to. */
  next: string;
  /** Shown above the form after a failed attempt (plain text). */
  error?: string;
}

/** The sign-in form: the API key as a password field, posted to `/login`. */
export function LoginBody({ csrfToken, next, error }: LoginFormProps) {
  return (
    <>
      <h1>Sign in</h1>
      <p>Sign in with a scanrelay API key that holds the read scope. The key is not stored in the browser.</p>
      {error === undefined ? null : (
        <p class="message" role="alert" id="login-error">
          {error}
        </p>
      )}
      <form method="post" action="/login" class="stack">
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <div>
          <label for="key">API key</label>
          <input
            id="key"
            name="key"
            type="password"
            required
            autocomplete="current-password"
            spellcheck={false}
            size={48}
            aria-describedby={error === undefined ? undefined : 'login-error'}
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </>
  );
}
