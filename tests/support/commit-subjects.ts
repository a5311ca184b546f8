import { execFileSync } from 'node:child_process';

// Issue #25: from commit 379e939 on, a commit's subject line stays under 72 characters; details go in the body.
// Everything before it is history that cannot be rewritten on a shared main.
export const SUBJECT_RULE_SINCE = '379e939';
export const MAX_SUBJECT = 71;

export interface Subject {
  sha: string;
  subject: string;
}

// Landed on the shared main over the limit before the check caught it; main is not rewritten, so they are named here.
export const LANDED_OVER_LIMIT = new Set(['611af2a', '2b3d9a7']);

export function subjectsTooLong(subjects: readonly Subject[], max = MAX_SUBJECT): Subject[] {
  return subjects.filter((s) => [...s.subject].length > max && !LANDED_OVER_LIMIT.has(s.sha.slice(0, 7)));
}

// The subjects of the commits after `since` up to HEAD, or the reason they cannot be read (no git, a shallow clone
// that lacks `since`).
export function subjectsSince(repo: string, since = SUBJECT_RULE_SINCE): Subject[] | { skip: string } {
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('rev-parse', '--verify', '--quiet', `${since}^{commit}`);
  } catch {
    return { skip: `commit ${since} is not in this clone (no .git, or a shallow clone): commit subjects not checked` };
  }
  const out = git('log', '--format=%h%x00%s%x1e', `${since}..HEAD`);
  return out
    .split('\x1e')
    .map((row) => row.trim())
    .filter(Boolean)
    .map((row) => {
      const [sha = '', subject = ''] = row.split('\x00');
      return { sha, subject };
    });
}
