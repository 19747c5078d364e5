// Loaded with `node --require` in front of a peer's CLI: reports its peak RSS on exit, to the file named in BENCH_RSS_FILE.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(Math.round(process.resourceUsage().maxRSS / 1024)));
});
