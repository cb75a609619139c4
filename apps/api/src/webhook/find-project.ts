/**
 * The project a webhook body names: `project` (or `Project`) at the top of a JSON object, or the form
 * field of that name. Undefined when the body names none (or names it as something other than a string).
 */
export function findProject(body: Uint8Array, contentType: string): string | undefined {
  const text = Buffer.from(body).toString('utf8').trim();
  if (text === '') return undefined;
  if (text.startsWith('{')) {
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      const project = value.project ?? value.Project;
      return typeof project === 'string' ? project : undefined;
    } catch {
      return undefined;
    }
  }
  if (!/application\/x-www-form-urlencoded/i.test(contentType) && !text.includes('=')) return undefined;
  const form = new URLSearchParams(text);
  return form.get('project') ?? form.get('Project') ?? undefined;
}
