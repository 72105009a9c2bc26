// Login rate limit: failures are counted per user name and per client address in a sliding window; past
// the limit, further attempts are refused until the window has moved on (also for the right password).
const WINDOW_MS = 15 * 60_000;
const MAX_PER_USER = 5;
const MAX_PER_ADDRESS = 20;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait before the next attempt, or 0 when one is allowed. */
  blocked(user: string, address: string): number {
    const wait = (list: number[], max: number) =>
      list.length >= max ? Math.ceil((list[list.length - max]! + WINDOW_MS - this.now()) / 1000) : 0;
    return Math.max(
      wait(this.recent(`u:${user}`), MAX_PER_USER),
      wait(this.recent(`a:${address}`), MAX_PER_ADDRESS),
    );
  }

  /** Counts an attempt; call before checking the password. */
  failed(user: string, address: string): void {
    for (const key of [`u:${user}`, `a:${address}`])
      this.failures.set(key, [...this.recent(key), this.now()]);
  }

  /** The attempt (counted before the check) was right: the user's count is cleared, the address's taken back. */
  succeeded(user: string, address: string): void {
    this.failures.delete(`u:${user}`);
    const list = this.recent(`a:${address}`);
    list.pop();
    if (list.length) this.failures.set(`a:${address}`, list);
    else this.failures.delete(`a:${address}`);
  }
}
