/**
 * A storage area as the browsers implement it for these tests: values kept as JSON, a quota in
 * bytes over keys and values, and writes that fail when the test says so (quota or any error).
 */
const encoder = new TextEncoder();

export class FakeArea {
  readonly data = new Map<string, string>();
  /** Every write attempt, in order, and whether it landed. */
  readonly writes: { items: Record<string, unknown>; ok: boolean }[] = [];
  constructor(
    private readonly quotaBytes: number,
    /** Asked before every write: true makes it fail. */
    private readonly failNext: () => boolean = () => false,
  ) {}

  private readonly sizes = new Map<string, number>();

  private readonly parsed = new Map<string, unknown>();

  private bytesWith(items: Record<string, string>): { total: number; sizes: Map<string, number> } {
    const sizes = new Map(this.sizes);
    for (const [k, json] of Object.entries(items)) sizes.set(k, encoder.encode(k + json).length);
    let total = 0;
    for (const size of sizes.values()) total += size;
    return { total, sizes };
  }

  bytes(): number {
    return this.bytesWith({}).total;
  }

  /** The stored value, parsed once per write: callers must not change it. */
  value(key: string): unknown {
    const raw = this.data.get(key);
    if (raw === undefined) return undefined;
    if (!this.parsed.has(key)) this.parsed.set(key, JSON.parse(raw));
    return this.parsed.get(key);
  }

  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? [...this.data.keys()] : typeof keys === 'string' ? [keys] : keys;
    const out: Record<string, unknown> = {};
    for (const k of wanted) if (this.data.has(k)) out[k] = this.value(k);
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    if (this.failNext()) {
      this.writes.push({ items, ok: false });
      throw new Error('Error: storage write failed');
    }
    const json = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, JSON.stringify(v)]));
    const next = this.bytesWith(json);
    if (next.total > this.quotaBytes) {
      this.writes.push({ items, ok: false });
      throw new Error('Error: QUOTA_BYTES quota exceeded');
    }
    this.writes.push({ items, ok: true });
    for (const [k, raw] of Object.entries(json)) {
      this.data.set(k, raw);
      this.parsed.delete(k);
    }
    for (const [k, size] of next.sizes) this.sizes.set(k, size);
  }

  /** Puts a value in place as an earlier version would have, bypassing failures and quota. */
  seed(key: string, value: unknown): void {
    this.data.set(key, JSON.stringify(value));
    this.parsed.delete(key);
    this.sizes.set(key, encoder.encode(key + JSON.stringify(value)).length);
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      this.data.delete(k);
      this.sizes.delete(k);
      this.parsed.delete(k);
    }
  }
}
