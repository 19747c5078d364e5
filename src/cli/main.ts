/** `grok-context`: the command-line face of the same engine. Later issues add `pack` and `ask`. */
import packageJson from '../../package.json';

export const HELP = `grok-context ${packageJson.version}
Ask Grok about a whole repository. The VS Code extension is the main interface;
the command line grows the same engine's commands.

Usage:
  grok-context --version   print the version
  grok-context --help      print this help
`;

/** Runs the CLI; returns the process exit code. Output goes through the given writers so tests can capture it. */
export function runCli(args: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  const [first] = args;
  if (first === '--version' || first === '-v') {
    out(`${packageJson.version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    out(HELP);
    return 0;
  }
  err(`grok-context: unknown command "${first}"\n\n${HELP}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), (text) => process.stdout.write(text), (text) => process.stderr.write(text));
}
