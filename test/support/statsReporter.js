// Mocha's spec reporter, plus a JSON file with the totals (path in GROK_TEST_RESULTS) that scripts/test.js
// adds up across suites. Plain CommonJS so mocha can load it in every suite, inside VS Code too.
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.GROK_TEST_RESULTS;
      if (!file) return;
      const { passes, failures, pending } = runner.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = StatsReporter;
