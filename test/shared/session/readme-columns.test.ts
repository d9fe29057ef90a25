import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPS_CSV_COLUMNS } from '../../../src/shared/session/reps-csv';

describe('README', () => {
  it('documents every per-rep CSV column with the description the code gives it', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const column of REPS_CSV_COLUMNS) {
      expect(readme).toContain(`| \`${column.name}\` | ${column.description} |`);
    }
  });
});
