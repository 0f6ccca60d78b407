// The inbound side of one socket, shared by every transport: chunks as the runtime handed them (never
// copied), read from the head with an offset, dropped once consumed.

export class RecvQueue {
  chunks: Uint8Array[] = [];
  head = 0;
  offset = 0;

  /** Queues a chunk as received. */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }

  /** Whether any byte waits to be read. */
  queued(): boolean {
    return this.head < this.chunks.length;
  }

  /** The oldest chunk, read from `offset`; undefined when nothing waits. */
  first(): Uint8Array | undefined {
    return this.head < this.chunks.length ? this.chunks[this.head] : undefined;
  }

  /** n more bytes of the head chunk were read. */
  consume(n: number): void {
    const chunk = this.chunks[this.head];
    if (chunk === undefined) return;
    this.offset += n;
    if (this.offset < chunk.length) return;
    this.chunks[this.head] = undefined as unknown as Uint8Array;
    this.head++;
    this.offset = 0;
    if (this.head === this.chunks.length) this.clear();
  }

  /** Bytes waiting to be read. */
  queuedBytes(): number {
    let n = -this.offset;
    for (let i = this.head; i < this.chunks.length; i++) n += this.chunks[i]!.length;
    return this.queued() ? n : 0;
  }

  /** Forgets everything queued. */
  clear(): void {
    this.chunks.length = 0;
    this.head = 0;
    this.offset = 0;
  }
}
