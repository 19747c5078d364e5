/**
 * The empty chat (no conversation yet): what the extension does with this workspace in two lines (how many files and
 * tokens a first question sends, at what cost and rate; what a follow-up costs from the provider's cache) and three
 * questions about this repository to start from. Clicking one puts it in the question box; nothing is sent until the
 * user presses Enter. The lines are built by a pure function, so they are tested without a page.
 */
import { formatDollars } from '../common/format';
import type { HeaderView } from '../protocol/messages';
import { element } from './dom';
import { formatTokens } from './header';

const DEFAULT_LINE = 'Your files are sent as context with each question (up to your token budget). Answers cite files as path:line.';

/** "$1.25/M". */
const perMillion = (dollars: number) => `$${dollars.toFixed(2)}/M`;

/** The two lines, from what the host knows now; before the workspace is read, the general one. */
export function welcomeLines(header: HeaderView | undefined): string[] {
  const files = header?.workspace?.files;
  const first = header?.firstQuestion;
  if (files === undefined || !header?.context) return [DEFAULT_LINE];
  const sends = `A first question sends ${files.toLocaleString('en-US')} file${files === 1 ? '' : 's'} of this workspace (${formatTokens(first?.tokens ?? header.context.tokens)} tokens)`;
  if (!first) return [`${sends}.`, `No price is known for ${header.model || 'this model'}: grokContext.pricing can set one. Answers cite files as path:line.`];
  const rate = first.inputRate === undefined ? '' : ` at ${perMillion(first.inputRate)} input${first.longContext ? ' (the long-context rate)' : ''}`;
  const calibration = first.calibration ? ` (${first.calibration})` : '';
  const followUp =
    first.followUpDollars === undefined
      ? 'Follow-ups reuse the provider\'s cache of it, plus the answer.'
      : `Follow-ups: about ${formatDollars(first.followUpDollars)} each from the provider's cache${first.cachedRate === undefined ? '' : ` at ${perMillion(first.cachedRate)}`}, plus the answer.`;
  return [`${sends}: about ${formatDollars(first.dollars)}${rate}${calibration}.`, followUp];
}

export class Welcome {
  private header: HeaderView | undefined;

  constructor(
    /** The transcript, where the empty state's `.welcome` section lives while there is no conversation. */
    private readonly transcript: HTMLElement,
    /** Puts an example in the question box. */
    private readonly fill: (question: string) => void,
  ) {}

  show(header: HeaderView): void {
    this.header = header;
    this.render();
  }

  /** Fills the empty state, if it is shown (after a snapshot of an empty conversation, or a header update). */
  render(): void {
    const section = this.transcript.querySelector<HTMLElement>('.welcome');
    if (!section) return;
    const heading = section.querySelector('h2') ?? element('h2', '', 'Ask about this workspace');
    const lines = welcomeLines(this.header).map((line) => element('p', 'welcome-line', line));
    const children: HTMLElement[] = [heading, ...lines];
    const examples = this.header?.workspace?.examples ?? [];
    if (examples.length) {
      const list = element('ul', 'welcome-examples');
      list.setAttribute('aria-label', 'Questions to start from');
      for (const question of examples) {
        const item = element('li');
        const choose = element('button', 'link-button example-question', question);
        choose.type = 'button';
        choose.title = 'Put this question in the box (Enter sends it)';
        choose.addEventListener('click', () => this.fill(question));
        item.append(choose);
        list.append(item);
      }
      children.push(list);
    }
    section.replaceChildren(...children);
  }
}

/** The header the host put in the page (`data-initial-header`), so the first frame shows the provider and model. */
export function initialHeader(body: HTMLElement): HeaderView | undefined {
  const raw = body.dataset.initialHeader;
  if (!raw) return undefined;
  try {
    const header = JSON.parse(raw) as HeaderView;
    return typeof header?.provider === 'string' && typeof header.model === 'string' ? header : undefined;
  } catch {
    return undefined;
  }
}
