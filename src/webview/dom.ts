/** Small DOM builders shared by the webview's views. Text always goes in as `textContent`, never as markup. */

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A codicon glyph; decorative, so hidden from screen readers (the control around it carries the label). */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  const glyph = element('span', `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`);
  glyph.setAttribute('aria-hidden', 'true');
  return glyph;
}

export interface ButtonOptions {
  className: string;
  label: string;
  /** Visible text; without it the button shows only its icon and `label` is its accessible name and tooltip. */
  text?: string;
  icon?: string;
  data?: Record<string, string>;
}

export function button(options: ButtonOptions): HTMLButtonElement {
  const node = element('button', options.className);
  node.type = 'button';
  node.title = options.label;
  node.setAttribute('aria-label', options.label);
  if (options.icon) node.append(icon(options.icon));
  if (options.text !== undefined) node.append(element('span', 'button-text', options.text));
  for (const [key, value] of Object.entries(options.data ?? {})) node.dataset[key] = value;
  return node;
}

/** One formatter, made once: `toLocaleString` builds a new one per call, which showed up in snapshot profiles. */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

export function formatNumber(value: number): string {
  return NUMBER_FORMAT.format(value);
}

/** A token count for text the provider has not counted: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
