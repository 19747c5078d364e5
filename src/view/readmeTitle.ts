/** The title of the workspace's README (its first heading), for the chat's example questions; read on demand. */
import * as vscode from 'vscode';
import { readmeTitle } from '../chat/exampleQuestions';

const NAMES = ['README.md', 'readme.md', 'Readme.md', 'README.markdown', 'README'];
/** A title is in the first lines; a huge README is not read whole. */
const MAX_BYTES = 64 * 1024;

export class ReadmeTitle {
  private title: string | undefined;

  get current(): string | undefined {
    return this.title;
  }

  /** Reads the first folder's README again; true when the title changed. */
  async refresh(): Promise<boolean> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    let found: string | undefined;
    for (const name of root ? NAMES : []) {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root!, name));
        found = readmeTitle(new TextDecoder().decode(bytes.subarray(0, MAX_BYTES)));
        break;
      } catch {
        // not there: try the next name
      }
    }
    const changed = found !== this.title;
    this.title = found;
    return changed;
  }
}
