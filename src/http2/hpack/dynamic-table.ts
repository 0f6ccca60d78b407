// The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of (name, value) entries, newest first,
// bounded by a size in bytes. One per direction of a connection; the encoder and decoder each keep
// theirs, and the protocol keeps the two equal.
//
// Invariants (assertInvariants): size is the sum of name.length + value.length + 32 over the live
// entries; size <= maxSize; entries are numbered by insertion (`seq`, 0 for the first ever added)
// and the live ones are seq inserted - length .. inserted - 1, each in slot seq & mask of a ring
// whose capacity is a power of two.

/** Per-entry overhead in the size accounting (RFC 7541 §4.1). */
export const ENTRY_OVERHEAD = 32;

/** Size of an entry: name and value lengths (chars = bytes, strings here are latin1) + 32. */
export function entrySize(name: string, value: string): number {
  return name.length + value.length + ENTRY_OVERHEAD;
}

export class DynamicTable {
  /** The maximum size in effect (RFC 7541 §4.2): changed only by dynamic table size updates. */
  maxSize: number;
  /** Sum of the live entries' sizes. */
  size = 0;
  /** Live entries. */
  length = 0;
  /** Entries ever added (entry `seq` is live iff seq >= inserted - length). */
  inserted = 0;
  private slotNames: string[];
  private slotValues: string[];
  private mask: number;

  constructor(maxSize: number) {
    this.maxSize = maxSize;
    // 16 slots cover typical request headers; grow() doubles up to maxSize / 32 if needed.
    this.slotNames = new Array<string>(16).fill("");
    this.slotValues = new Array<string>(16).fill("");
    this.mask = 15;
  }

  /** Name of dynamic entry i: 0 is the newest (HPACK index 62), length - 1 the oldest. */
  name(i: number): string {
    return this.slotNames[(this.inserted - 1 - i) & this.mask]!;
  }

  /** Value of dynamic entry i (0 = newest). */
  value(i: number): string {
    return this.slotValues[(this.inserted - 1 - i) & this.mask]!;
  }

  /**
   * Adds (name, value) as the newest entry, first evicting the oldest until it fits (RFC 7541
   * §4.4). An entry larger than maxSize empties the table and is not added: not an error.
   */
  add(name: string, value: string): void {
    const sz = entrySize(name, value);
    if (sz > this.maxSize) {
      while (this.length > 0) this.evictOldest();
      return;
    }
    while (this.size + sz > this.maxSize) this.evictOldest();
    if (this.length > this.mask) this.grow();
    const slot = this.inserted & this.mask;
    this.slotNames[slot] = name;
    this.slotValues[slot] = value;
    this.inserted++;
    this.length++;
    this.size += sz;
  }

  /** Applies a new maximum size (a size update), evicting the oldest entries down to it. */
  setMaxSize(n: number): void {
    this.maxSize = n;
    while (this.size > n) this.evictOldest();
  }

  /** Called for each entry as it is evicted, oldest first (for an index built over the table). */
  protected evicted(_seq: number, _name: string, _value: string): void {}

  private evictOldest(): void {
    const seq = this.inserted - this.length;
    const slot = seq & this.mask;
    const name = this.slotNames[slot]!;
    const value = this.slotValues[slot]!;
    // Drop the references so that evicted strings can be collected.
    this.slotNames[slot] = "";
    this.slotValues[slot] = "";
    this.size -= entrySize(name, value);
    this.length--;
    this.evicted(seq, name, value);
  }

  /** Doubles the ring; live entries move to their slots under the new mask. */
  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const names = new Array<string>(cap).fill("");
    const values = new Array<string>(cap).fill("");
    const mask = cap - 1;
    for (let seq = this.inserted - this.length; seq < this.inserted; seq++) {
      names[seq & mask] = this.slotNames[seq & this.mask]!;
      values[seq & mask] = this.slotValues[seq & this.mask]!;
    }
    this.slotNames = names;
    this.slotValues = values;
    this.mask = mask;
  }

  /** Throws if an invariant of the file header does not hold (tests only). */
  assertInvariants(): void {
    const cap = this.mask + 1;
    if ((cap & this.mask) !== 0) throw new Error(`capacity ${cap} is not a power of two`);
    if (this.length < 0 || this.length > cap) throw new Error(`length ${this.length}, cap ${cap}`);
    if (this.length > this.inserted) throw new Error(`length ${this.length} > ${this.inserted}`);
    let sum = 0;
    for (let i = 0; i < this.length; i++) sum += entrySize(this.name(i), this.value(i));
    if (sum !== this.size) throw new Error(`size ${this.size}, entries sum to ${sum}`);
    if (this.size > this.maxSize) throw new Error(`size ${this.size} > maxSize ${this.maxSize}`);
  }
}
