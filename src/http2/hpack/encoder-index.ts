// The encoder's dynamic table with O(1) lookups over it: header name -> its static entries and its
// live dynamic ones (value -> entry), so that finding a field costs two or three Map lookups and
// builds no key string. Kept exact under eviction through DynamicTable's evicted() hook.
//
// Invariants (assertInvariants): every seq in the maps is a live entry with that name and value;
// every live entry is in the maps (the encoder never adds a (name, value) already present);
// `newest` is the newest live entry of the name or -1; a name with neither static entries nor
// live ones has no NameInfo.

import { DynamicTable } from "./dynamic-table.ts";
import { STATIC_BY_NAME, STATIC_LENGTH, type StaticName } from "./static-table.ts";

/** NameInfo.sensitive: values sent as "never indexed" (RFC 7541 §7.1.3). */
export const SENSITIVE_NONE = 0;
/** Every value (credentials). */
export const SENSITIVE_ALWAYS = 1;
/** Values shorter than SHORT_SENSITIVE chars (a short cookie is open to guessing, §7.1.3). */
export const SENSITIVE_SHORT = 2;
export const SHORT_SENSITIVE = 20;

const SENSITIVE_NAMES: ReadonlyMap<string, number> = new Map([
  ["authorization", SENSITIVE_ALWAYS],
  ["proxy-authorization", SENSITIVE_ALWAYS],
  ["cookie", SENSITIVE_SHORT],
]);

/** What the encoder knows about one header name. */
export class NameInfo {
  /** value -> seq of the live dynamic entry (name, value); null until the name is first added. */
  dyn: Map<string, number> | null = null;
  /** seq of the newest live dynamic entry with this name, or -1. */
  newest = -1;

  constructor(
    readonly stat: StaticName | null,
    readonly sensitive: number,
  ) {}
}

export class IndexedTable extends DynamicTable {
  /** Every static name (kept for good) plus every name with a live dynamic entry. */
  readonly names = new Map<string, NameInfo>();

  constructor(maxSize: number) {
    super(maxSize);
    for (const [name, stat] of STATIC_BY_NAME) {
      this.names.set(name, new NameInfo(stat, SENSITIVE_NAMES.get(name) ?? SENSITIVE_NONE));
    }
  }

  /**
   * Where the exact entry (name, value) is: its static index (> 0), -(seq + 1) for a dynamic entry
   * (a reference that stays valid while the entry lives, see indexOfRef), or 0 if it is in
   * neither table.
   */
  exactRef(info: NameInfo, value: string): number {
    if (info.stat !== null) {
      const i = info.stat.values.get(value);
      if (i !== undefined) return i;
    }
    if (info.dyn === null) return 0;
    const seq = info.dyn.get(value);
    return seq === undefined ? 0 : -seq - 1;
  }

  /** The HPACK index of a reference from exactRef, or 0 if that entry was evicted since. */
  indexOfRef(ref: number): number {
    if (ref > 0) return ref;
    const seq = -ref - 1;
    return seq >= this.inserted - this.length ? this.indexOfSeq(seq) : 0;
  }

  /** HPACK index of an entry with this name (static preferred: it never moves), or 0. */
  nameIndex(info: NameInfo): number {
    if (info.stat !== null) return info.stat.index;
    return info.newest < 0 ? 0 : this.indexOfSeq(info.newest);
  }

  /** The reference (as exactRef gives it) of the newest entry. */
  newestRef(): number {
    return -this.inserted;
  }

  /** Adds (name, value), which must not be in the table yet, and indexes it. */
  override add(name: string, value: string): void {
    const seq = this.inserted;
    super.add(name, value); // evicts first: the hook may drop this name's NameInfo
    if (this.inserted === seq) return; // larger than the table: not added
    let info = this.names.get(name);
    if (info === undefined) {
      info = new NameInfo(null, SENSITIVE_NONE);
      this.names.set(name, info);
    }
    if (info.dyn === null) info.dyn = new Map();
    info.dyn.set(value, seq);
    info.newest = seq;
  }

  protected override evicted(seq: number, name: string, value: string): void {
    const info = this.names.get(name)!;
    const dyn = info.dyn!;
    if (dyn.get(value) === seq) dyn.delete(value);
    // FIFO order: when the newest entry of a name goes, it was the last one of that name.
    if (info.newest === seq) {
      info.newest = -1;
      if (info.stat === null) this.names.delete(name);
    }
  }

  /** seq -> HPACK index: the newest entry is STATIC_LENGTH + 1. */
  private indexOfSeq(seq: number): number {
    return STATIC_LENGTH + this.inserted - seq;
  }

  override assertInvariants(): void {
    super.assertInvariants();
    const oldest = this.inserted - this.length;
    let mapped = 0;
    for (const [name, info] of this.names) {
      if (info.stat === null && info.newest < 0) throw new Error(`${name}: NameInfo, no entries`);
      if (info.newest >= 0) {
        if (info.newest < oldest) throw new Error(`${name}: newest ${info.newest} was evicted`);
        if (this.name(this.inserted - 1 - info.newest) !== name) throw new Error(`${name}: newest`);
      }
      for (const [value, seq] of info.dyn ?? []) {
        mapped++;
        const i = this.inserted - 1 - seq;
        if (seq < oldest || i < 0) throw new Error(`${name}: ${JSON.stringify(value)} stale`);
        if (this.name(i) !== name || this.value(i) !== value)
          throw new Error(`${name}: seq ${seq}`);
        if (seq > info.newest) throw new Error(`${name}: seq ${seq} newer than ${info.newest}`);
      }
    }
    if (mapped !== this.length) throw new Error(`${mapped} mapped entries, ${this.length} live`);
  }
}
