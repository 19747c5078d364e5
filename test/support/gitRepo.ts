/** Runs git in fixture repositories built at test time, isolated from the developer's global git configuration. */
import { execFileSync } from 'node:child_process';

export const ISOLATED_GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ISOLATED_GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** git's own answer: the files `ls-files --cached --others --exclude-standard` lists, sorted. */
export function gitOracle(cwd: string): string[] {
  return git(cwd, '-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    .split('\0')
    .filter(Boolean)
    .sort();
}
