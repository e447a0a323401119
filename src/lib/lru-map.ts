interface Node<K, V> {
  key: K;
  value: V;
  bytes: number;
  /** Toward the least recently used node, and toward the most recently used one. */
  older: Node<K, V> | undefined;
  newer: Node<K, V> | undefined;
}

/**
 * A map bounded by entries and by approximate bytes that drops its least recently used entry
 * to make room: a Map for the lookup and a doubly-linked list for the order, so a hit is one
 * Map lookup and four pointer writes and an insertion evicts from the list's tail in O(1).
 * (Re-inserting into the Map on each hit instead piles deleted slots at the Map's front, which
 * `keys().next()` then skips one by one: measured at 10,000 entries and 20,000 distinct keys,
 * 5.2 µs a miss against 0.26 µs with the list.)
 */
export class LruMap<K, V> {
  private readonly nodes = new Map<K, Node<K, V>>();
  private newest: Node<K, V> | undefined;
  private oldest: Node<K, V> | undefined;
  private totalBytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    /** Called for each entry dropped to make room (not for deleted or replaced ones). */
    private readonly onEvict?: () => void,
  ) {}

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const node = this.nodes.get(key);
    if (node === undefined) return undefined;
    if (node !== this.newest) {
      this.unlink(node);
      this.pushNewest(node);
    }
    return node.value;
  }

  /**
   * Stores `value` as the most recently used entry, taken to cost `bytes`, evicting to fit; an
   * entry larger than the whole byte bound is not kept (nor is anything evicted for it).
   */
  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (this.maxEntries === 0 || bytes > this.maxBytes) return;
    while (
      this.oldest !== undefined &&
      (this.nodes.size >= this.maxEntries || this.totalBytes + bytes > this.maxBytes)
    ) {
      this.remove(this.oldest);
      this.onEvict?.();
    }
    const node: Node<K, V> = { key, value, bytes, older: undefined, newer: undefined };
    this.nodes.set(key, node);
    this.pushNewest(node);
    this.totalBytes += bytes;
  }

  delete(key: K): void {
    const node = this.nodes.get(key);
    if (node !== undefined) this.remove(node);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** The sum of the entries' `bytes`. */
  get bytes(): number {
    return this.totalBytes;
  }

  private remove(node: Node<K, V>): void {
    this.unlink(node);
    this.nodes.delete(node.key);
    this.totalBytes -= node.bytes;
  }

  private unlink(node: Node<K, V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.older = node.newer = undefined;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
  }
}
