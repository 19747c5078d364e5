import * as assert from 'node:assert/strict';
import { exampleQuestions, largestFolders, readmeTitle } from '../../src/chat/exampleQuestions';
import { baseUrlProblem } from '../../src/providers/presets';

describe('example questions from the repository\'s own names', () => {
  it('takes the README\'s first heading as plain text: ATX, setext or <h1>, past badges, links and code fences', () => {
    assert.equal(readmeTitle('# Grok Context\n\ntext'), 'Grok Context');
    assert.equal(readmeTitle('[![CI](https://ci/badge.svg)](https://ci)\n\n# The `fast` [Parser](https://x) ##\n'), 'The fast Parser');
    assert.equal(readmeTitle('Tiny Greeter\n============\n\nhello'), 'Tiny Greeter');
    assert.equal(readmeTitle('<p align="center"><img src="logo.png"></p>\n<h1 align="center">Lodash</h1>\n'), 'Lodash');
    assert.equal(readmeTitle('```md\n# not a title\n```\n## Section\n# Real\n'), 'Real');
    assert.equal(readmeTitle('no heading at all\n'), undefined);
    assert.equal(readmeTitle('# ![logo](logo.png)\n'), undefined, 'an image-only heading names nothing');
    assert.equal(readmeTitle(`# ${'Long '.repeat(30)}`)!.length, 60);
  });

  it('ranks top-level folders by planned tokens, and looks one level down when one folder holds nearly everything', () => {
    const files = [
      { path: 'src/a.ts', tokens: 500 },
      { path: 'src/b.ts', tokens: 400 },
      { path: 'test/a.test.ts', tokens: 300 },
      { path: 'docs/guide.md', tokens: 100 },
      { path: '.github/workflows/ci.yml', tokens: 900 },
      { path: 'README.md', tokens: 2000 },
    ];
    assert.deepEqual(largestFolders(files), ['src', 'test']);
    const monorepo = [
      { path: 'packages/core/src/index.ts', tokens: 5000 },
      { path: 'packages/cli/src/main.ts', tokens: 3000 },
      { path: 'packages/web/src/app.ts', tokens: 1000 },
      { path: 'scripts/build.js', tokens: 100 },
    ];
    assert.deepEqual(largestFolders(monorepo), ['packages/core', 'packages/cli']);
    assert.deepEqual(largestFolders([{ path: 'index.js', tokens: 10 }]), []);
  });

  it('makes three questions of the title and the two largest folders, with general ones where a name is missing', () => {
    assert.deepEqual(exampleQuestions('Tiny Greeter', ['src', 'test']), [
      'What is Tiny Greeter for, and how is it organised?',
      'Walk me through src/: its main parts and how they fit together.',
      'How does test/ work with src/?',
    ]);
    assert.deepEqual(exampleQuestions(undefined, ['lib']), [
      'What does this repository do, and how is it organised?',
      'Walk me through lib/: its main parts and how they fit together.',
      'Where would I start to add a feature in lib/?',
    ]);
    assert.equal(exampleQuestions(undefined, []).length, 3);
  });
});

describe('the OpenAI-compatible base URL Select Provider asks for', () => {
  it('accepts http(s) URLs and says what is wrong with anything else', () => {
    assert.equal(baseUrlProblem('http://localhost:8000/v1'), undefined);
    assert.equal(baseUrlProblem(' https://proxy.example/v1 '), undefined);
    assert.match(baseUrlProblem('')!, /base URL/);
    assert.match(baseUrlProblem('localhost:8000')!, /http:\/\/ or https:\/\//);
    assert.match(baseUrlProblem('not a url')!, /Not a URL/);
    assert.match(baseUrlProblem('file:///etc/passwd')!, /http:\/\/ or https:\/\//);
  });
});
