/**
 * A Map whose entries are added by `fill` on first use of any method: for maps of 100k+ entries
 * that loading an index would otherwise build at every start although most are never read.
 * Code that takes a Map (MiniSearch's internals, a vector store's id → row map) sees exactly the
 * entries an eagerly built map would hold. With `peek` (the value `fill` would give a key, read
 * from where `fill` reads), `get` and `has` answer without filling.
 */
export class LazyMap<K, V> extends Map<K, V> {
  private pending: ((map: Map<K, V>) => void) | undefined;

  constructor(
    fill: (map: Map<K, V>) => void,
    private readonly peek?: (key: K) => V | undefined,
  ) {
    super();
    this.pending = fill;
  }

  /** Whether `fill` has run (from then on this is a plain Map). */
  get filled(): boolean {
    return this.pending === undefined;
  }

  /** Runs the fill now if it has not run yet. */
  fill(): this {
    const fill = this.pending;
    if (fill) {
      this.pending = undefined;
      fill(this);
    }
    return this;
  }

  override get size(): number {
    return this.fill().sizeOfFilled();
  }

  private sizeOfFilled(): number {
    return super.size;
  }

  override get(key: K): V | undefined {
    if (this.pending && this.peek) return this.peek(key);
    return this.fill() && super.get(key);
  }

  override has(key: K): boolean {
    if (this.pending && this.peek) return this.peek(key) !== undefined;
    return this.fill() && super.has(key);
  }

  override set(key: K, value: V): this {
    this.fill();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    return this.fill() && super.delete(key);
  }

  override clear(): void {
    this.pending = undefined;
    super.clear();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(callback, thisArg);
  }

  override keys(): MapIterator<K> {
    return this.fill() && super.keys();
  }

  override values(): MapIterator<V> {
    return this.fill() && super.values();
  }

  override entries(): MapIterator<[K, V]> {
    return this.fill() && super.entries();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.fill() && super.entries();
  }
}
