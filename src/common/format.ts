/** Money as the chat, the status bar and the Context view show it: cents, or four decimals below a cent. */
export function formatDollars(amount: number): string {
  return amount < 0.01 ? `$${amount.toFixed(4)}` : `$${amount.toFixed(2)}`;
}
