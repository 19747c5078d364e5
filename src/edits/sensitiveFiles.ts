/**
 * Files whose change runs code or changes what runs, without anyone running the code being edited: workspace
 * settings and tasks the editor acts on, CI pipelines, git hooks, package manifests whose scripts run on install,
 * build files, dev containers, per-directory shell hooks. An edit to one of them is never applied automatically and
 * Accept asks for an explicit confirmation naming the file and this reason. The one list, in one place. Pure.
 *
 * Ordinary source files are not here: they run when the user runs their program, which is what editing them is for,
 * and the review shows the change. Decisions at the edge:
 * - Dockerfile, compose files: listed. Builds (CI, dev containers, `docker compose up`) run their RUN lines and
 *   mounts with the builder's rights, often unattended.
 * - .editorconfig: not listed. It sets indentation, charset and line endings only; nothing runs, and a bad value
 *   shows in the diffs of later edits.
 *
 * Matched on the canonical path (canonicalPath.ts), case-insensitively, at any depth: a sub-folder may be a
 * repository or a workspace of its own, and in a multi-root workspace every path starts with a folder name.
 */
import { canonicalPath, comparisonKey } from './canonicalPath';

interface Rule {
  /** Tested against `/` + the lower-case canonical path, so `(^|/)` is always written `/`. */
  pattern: RegExp;
  reason: string;
}

const ANY = '(?:.*/)?';
const rule = (pattern: string, reason: string): Rule => ({ pattern: new RegExp(`^/${ANY}(?:${pattern})$`), reason });

const RULES: readonly Rule[] = [
  // the editor
  rule('\\.vscode/settings\\.json', 'VS Code workspace settings (can point formatters, linters, terminals and tasks at programs)'),
  rule('\\.vscode/tasks\\.json', 'VS Code tasks (commands VS Code runs, some when the folder opens)'),
  rule('\\.vscode/launch\\.json', 'VS Code launch configurations (what the debugger starts)'),
  rule('\\.vscode/extensions\\.json', 'VS Code extension recommendations (extensions offered for install)'),
  rule('\\.vscode/mcp\\.json', 'VS Code MCP servers (commands started for the chat tools)'),
  rule('[^/]*\\.code-workspace', 'VS Code workspace file (settings, tasks and launch configurations)'),
  rule('eslint\\.config\\.[cm]?[jt]s|\\.eslintrc\\.[cm]?js', 'ESLint configuration as code (run by the editor\'s ESLint extension)'),
  rule('prettier\\.config\\.[cm]?[jt]s|\\.prettierrc\\.[cm]?[jt]s', 'Prettier configuration as code (run when files are formatted)'),
  // CI
  rule('\\.github/workflows/[^/]+', 'runs in CI (GitHub Actions workflow)'),
  rule('\\.github/actions/.+', 'runs in CI (GitHub Actions local action)'),
  rule('codeowners', 'decides who must review changes (CODEOWNERS)'),
  rule('\\.gitlab-ci\\.ya?ml', 'runs in CI (GitLab CI pipeline)'),
  rule('\\.gitlab/ci/.+', 'runs in CI (GitLab CI include)'),
  rule('\\.circleci/.+', 'runs in CI (CircleCI)'),
  rule('azure-pipelines\\.ya?ml|\\.azure-pipelines/.+', 'runs in CI (Azure Pipelines)'),
  rule('jenkinsfile', 'runs in CI (Jenkins pipeline)'),
  rule('\\.travis\\.ya?ml', 'runs in CI (Travis CI)'),
  rule('bitbucket-pipelines\\.ya?ml', 'runs in CI (Bitbucket Pipelines)'),
  rule('\\.buildkite/.+', 'runs in CI (Buildkite)'),
  rule('\\.drone\\.ya?ml', 'runs in CI (Drone)'),
  // git hooks (files inside .git are refused outright, elsewhere)
  rule('\\.husky/.+', 'git hook (Husky runs it on commit or push)'),
  rule('\\.githooks/.+', 'git hook folder (run on commit or push when core.hooksPath points here)'),
  rule('\\.pre-commit-config\\.ya?ml', 'git hooks (pre-commit runs what it lists on every commit)'),
  rule('\\.?lefthook(-local)?\\.ya?ml', 'git hooks (Lefthook runs what it lists on commit or push)'),
  rule('\\.lefthook/.+', 'git hook scripts (Lefthook)'),
  rule('\\.gitmodules', 'tells git which repositories to fetch as submodules'),
  // package managers and builds
  rule('package\\.json', 'package manifest (its scripts run on npm install, test and build)'),
  rule('\\.npmrc', 'npm configuration (registry, scripts and credentials used on install)'),
  rule('\\.yarnrc(\\.ya?ml)?', 'Yarn configuration (registry and plugins used on install)'),
  rule('\\.pnpmfile\\.c?js', 'pnpm hook file (runs on install)'),
  rule('makefile|gnumakefile', 'Makefile (its recipes run on make)'),
  rule('setup\\.py', 'Python build script (runs on pip install)'),
  rule('pyproject\\.toml', 'Python project file (chooses the build backend that runs on pip install)'),
  rule('cargo\\.toml', 'Rust manifest (build scripts and dependencies used by cargo build)'),
  rule('build\\.rs', 'Rust build script (runs on cargo build)'),
  rule('\\.cargo/config(\\.toml)?', 'Cargo configuration (can set the runner and compiler wrapper)'),
  rule('(build|settings)\\.gradle(\\.kts)?|gradle/wrapper/gradle-wrapper\\.properties', 'Gradle build (runs on every build; the wrapper downloads Gradle from the URL it names)'),
  rule('pom\\.xml|\\.mvn/.+', 'Maven build (plugins run on every build)'),
  rule('gemfile|rakefile', 'Ruby build file (evaluated as code by bundler or rake)'),
  // environments
  rule('\\.devcontainer/.+|\\.?devcontainer\\.json', 'dev container definition (commands run when the container is built or opened)'),
  rule('dockerfile|[^/]*\\.dockerfile|dockerfile\\.[^/]+', 'Dockerfile (its RUN lines run on every image build)'),
  rule('(docker-)?compose(\\.[^/]+)?\\.ya?ml', 'Docker Compose file (what containers run, with which mounts)'),
  rule('\\.envrc', 'direnv script (runs in your shell when you enter the folder)'),
];

/** Why an edit to `path` (workspace-relative) needs the user's explicit confirmation, or undefined for an ordinary file. */
export function sensitiveReason(path: string): string | undefined {
  const canonical = canonicalPath(path);
  // a path with no canonical form is refused before it gets here; if one does, treat it as sensitive rather than not
  if (!canonical.ok) return `the path cannot be checked (${canonical.reason})`;
  const key = `/${comparisonKey(canonical.path)}`;
  return RULES.find((candidate) => candidate.pattern.test(key))?.reason;
}

/** The sensitive reason of an edit: either path of a rename counts. */
export function proposalSensitivity(path: string, newPath?: string): string | undefined {
  const reason = sensitiveReason(path);
  if (reason) return reason;
  const target = newPath === undefined ? undefined : sensitiveReason(newPath);
  return target ? `renamed to ${newPath}: ${target}` : undefined;
}

/** The modal confirmation Accept asks for: the message names the files, the detail says why each is sensitive. */
export function sensitiveConfirmation(items: ReadonlyArray<{ path: string; newPath?: string; sensitive: string }>): { message: string; detail: string } {
  const name = (item: { path: string; newPath?: string }) => (item.newPath ? `${item.path} → ${item.newPath}` : item.path);
  const message = items.length === 1 ? `Apply Grok's edit to ${name(items[0])}?` : `Apply Grok's edits to ${items.length} sensitive files?`;
  const reasons = items.map((item) => `${name(item)}: ${item.sensitive}`).join('\n');
  const check = items.length === 1 ? 'It configures or runs code: check the change before applying it.' : 'Each configures or runs code: check the changes before applying them.';
  return { message, detail: `${reasons}\n\n${check}` };
}
