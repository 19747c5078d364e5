// Files that configure or run code: the one list, the flag a proposal carries, and auto-apply that never takes them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ToolRunner, type ToolWorkspace } from '../../src/chat/toolRunner';
import { EditProposals, type Proposal } from '../../src/edits/proposals';
import { sensitiveConfirmation, sensitiveReason } from '../../src/edits/sensitiveFiles';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('sensitiveReason', () => {
  const sensitive: Array<[string, RegExp]> = [
    ['.vscode/settings.json', /VS Code workspace settings/],
    ['.vscode/tasks.json', /VS Code tasks/],
    ['.vscode/launch.json', /launch configurations/],
    ['.vscode/extensions.json', /extension recommendations/],
    ['.VSCode/Settings.JSON', /VS Code workspace settings/],
    ['team.code-workspace', /workspace file/],
    ['.github/workflows/ci.yml', /runs in CI \(GitHub Actions workflow\)/],
    ['.GITHUB/Workflows/Release.YAML', /GitHub Actions workflow/],
    ['.github/actions/setup/action.yml', /GitHub Actions local action/],
    ['.gitlab-ci.yml', /GitLab CI/],
    ['.circleci/config.yml', /CircleCI/],
    ['azure-pipelines.yml', /Azure Pipelines/],
    ['Jenkinsfile', /Jenkins/],
    ['.husky/pre-commit', /Husky/],
    ['.pre-commit-config.yaml', /pre-commit/],
    ['lefthook.yml', /Lefthook/],
    ['.lefthook/pre-push/check.sh', /Lefthook/],
    ['package.json', /scripts run on npm install/],
    ['packages/web/package.json', /scripts run on npm install/],
    ['Makefile', /Makefile/],
    ['lib/makefile', /Makefile/],
    ['.devcontainer/devcontainer.json', /dev container/],
    ['.devcontainer/Dockerfile', /dev container/],
    ['devcontainer.json', /dev container/],
    ['Dockerfile', /Dockerfile/],
    ['docker/api.Dockerfile', /Dockerfile/],
    ['compose.yaml', /Compose/],
    ['.npmrc', /npm configuration/],
    ['.yarnrc.yml', /Yarn/],
    ['.yarnrc', /Yarn/],
    ['setup.py', /pip install/],
    ['pyproject.toml', /build backend/],
    ['Cargo.toml', /cargo build/],
    ['crates/x/build.rs', /Rust build script/],
    ['.envrc', /direnv/],
    ['.github/CODEOWNERS', /CODEOWNERS/],
    // canonical spellings count the same
    ['.github\\workflows\\ci.yml', /GitHub Actions workflow/],
    ['.github/workflows/ci.yml.', /GitHub Actions workflow/],
    ['.github/workflows/ci.yml::$DATA', /GitHub Actions workflow/],
    ['package.json ', /scripts run on npm install/],
    // multi-root: the folder name first
    ['web/.vscode/tasks.json', /VS Code tasks/],
  ];
  for (const [file, reason] of sensitive) {
    it(`${JSON.stringify(file)} is sensitive`, () => assert.match(sensitiveReason(file) ?? 'undefined', reason));
  }
  const ordinary = ['src/a.ts', 'README.md', '.editorconfig', '.github/ISSUE_TEMPLATE/bug.md', 'docs/workflows/ci.yml', 'src/package.json.ts', 'src/Makefile.md', 'my-package.json', 'tsconfig.json', '.vscode/notes.md', 'build.rs.txt'];
  for (const file of ordinary) {
    it(`${JSON.stringify(file)} is ordinary`, () => assert.equal(sensitiveReason(file), undefined));
  }

  it('the confirmation names each file and its reason', () => {
    const one = sensitiveConfirmation([{ path: '.github/workflows/ci.yml', sensitive: 'runs in CI (GitHub Actions workflow)' }]);
    assert.equal(one.message, "Apply Grok's edit to .github/workflows/ci.yml?");
    assert.match(one.detail, /^\.github\/workflows\/ci\.yml: runs in CI \(GitHub Actions workflow\)\n\nIt configures or runs code/);
    const two = sensitiveConfirmation([
      { path: 'Makefile', sensitive: 'Makefile (its recipes run on make)' },
      { path: 'a.yml', newPath: '.gitlab-ci.yml', sensitive: 'renamed to .gitlab-ci.yml: runs in CI (GitLab CI pipeline)' },
    ]);
    assert.equal(two.message, "Apply Grok's edits to 2 sensitive files?");
    assert.match(two.detail, /Makefile: Makefile .*\na\.yml → \.gitlab-ci\.yml: renamed to \.gitlab-ci\.yml/);
  });
});

describe('sensitive proposals', () => {
  it('carry the reason (either path of a rename) into the proposal and its view; ordinary ones do not', () => {
    const proposals = new EditProposals();
    const workflow = proposals.proposeCreate('.github/workflows/ci.yml', '/w/.github/workflows/ci.yml', 'on: push\n', false);
    const source = proposals.proposeCreate('src/a.ts', '/w/src/a.ts', 'export {};\n', false);
    const rename = proposals.proposeRename('ci/build.yml', '/w/ci/build.yml', 'x\n', { path: '.gitlab-ci.yml', absolute: '/w/.gitlab-ci.yml', exists: false });
    assert.ok(workflow.ok && source.ok && rename.ok);
    assert.equal(workflow.proposal.sensitive, 'runs in CI (GitHub Actions workflow)');
    assert.equal(source.proposal.sensitive, undefined);
    assert.equal(rename.proposal.sensitive, 'renamed to .gitlab-ci.yml: runs in CI (GitLab CI pipeline)');
    assert.deepEqual(proposals.views().map((view) => [view.path, view.sensitive]), [
      ['.github/workflows/ci.yml', 'runs in CI (GitHub Actions workflow)'],
      ['src/a.ts', undefined],
      ['ci/build.yml', 'renamed to .gitlab-ci.yml: runs in CI (GitLab CI pipeline)'],
    ]);
    assert.equal('sensitive' in proposals.views()[1], false, 'no empty field on ordinary edits');
  });
});

describe('auto-apply never takes a sensitive file', () => {
  let workspace: TempWorkspace;
  let proposals: EditProposals;
  let applied: string[];
  let runner: ToolRunner;
  const files = { '.github/workflows/ci.yml': 'on: push\n', 'src/a.ts': 'export const a = 1;\n' };

  beforeEach(() => {
    workspace = createTempWorkspace(files);
    proposals = new EditProposals();
    applied = [];
    const tools: ToolWorkspace = {
      roots: () => [{ name: 'ws', path: workspace.root }],
      maxFileBytes: () => 1 << 20,
      collected: async () => ({ readable: Object.keys(files), refused: new Map() }),
      secretCheck: async () => undefined,
    };
    runner = new ToolRunner({
      workspace: tools,
      proposals,
      autoApply: {
        enabled: () => true,
        apply: async (proposal: Proposal) => {
          applied.push(proposal.path);
          proposals.setStatus(proposal.id, 'accepted');
          return undefined;
        },
      },
    });
  });
  afterEach(() => workspace.remove());

  const replace = (id: string, file: string, oldString: string, newString: string) => {
    const args = { path: file, edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null };
    return { id, name: 'replace_in_file', arguments: JSON.stringify(args), parsed: { ok: true as const, value: args } };
  };

  it('applies the ordinary edit, leaves the workflow pending and tells the model it awaits the user', async () => {
    const signal = new AbortController().signal;
    const workflow = await runner.run(replace('c1', '.github/workflows/ci.yml', 'on: push', 'on: [push, pull_request]'), signal);
    const source = await runner.run(replace('c2', 'src/a.ts', 'a = 1', 'a = 2'), signal);
    assert.deepEqual(applied, ['src/a.ts']);
    assert.equal(workflow.activity.status, 'done');
    assert.equal(workflow.activity.summary, 'edit proposed (sensitive): modify .github/workflows/ci.yml (+1 −1)');
    assert.match(workflow.content, /^Proposed e1 .*\.github\/workflows\/ci\.yml is sensitive \(runs in CI \(GitHub Actions workflow\)\), so it is never applied automatically: it awaits the user's explicit confirmation/);
    assert.match(source.content, /^Applied e2 /);
    assert.equal(proposals.get('e1')!.status, 'pending');
    assert.equal(readFileSync(path.join(workspace.root, '.github/workflows/ci.yml'), 'utf8'), 'on: push\n');
  });
});
