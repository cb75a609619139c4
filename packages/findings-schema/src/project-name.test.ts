import { describe, expect, it } from 'vitest';
import { projectNameSchema } from './project-name.js';

describe('projectNameSchema', () => {
  it('trims and accepts ordinary names, dots inside included', () => {
    expect(projectNameSchema.parse(' shop.api ')).toBe('shop.api');
    expect(projectNameSchema.parse('...')).toBe('...');
  });

  it.each(['', '  ', '.', '..', ' .. ', 'a\u0000b', 'x'.repeat(201)])('refuses %j', (name) => {
    expect(projectNameSchema.safeParse(name).success).toBe(false);
  });
});
