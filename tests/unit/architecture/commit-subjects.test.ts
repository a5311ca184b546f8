import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { MAX_SUBJECT, subjectsSince, subjectsTooLong } from '../../support/commit-subjects';

// Issue #25: commit subjects stay under 72 characters, details in the body. CI runs on a clone of main, so every
// commit that lands is checked here.
const repo = fileURLToPath(new URL('../../..', import.meta.url));

describe('commit subjects', () => {
  it('flags a subject over the limit and keeps one at it', () => {
    const atLimit = 'x'.repeat(MAX_SUBJECT);
    const over = 'Real Asterisk: SIP credentials from Warmline via realtime, pbx-config fixes and more';
    expect(subjectsTooLong([{ sha: 'a', subject: atLimit }, { sha: 'b', subject: over }])).toEqual([{ sha: 'b', subject: over }]);
  });

  const subjects = subjectsSince(repo);
  if ('skip' in subjects) {
    console.warn(`skipped: ${subjects.skip}`);
    it.skip(`every commit since the rule has a short subject (${subjects.skip})`, () => {});
  } else {
    it('every commit since the rule has a subject under 72 characters', () => {
      expect(subjects.length).toBeGreaterThan(0);
      expect(subjectsTooLong(subjects).map((s) => `${s.sha} ${s.subject}`)).toEqual([]);
    });
  }
});
