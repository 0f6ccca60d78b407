// fetch()'s request body (the Fetch standard's "extract a body"): the bytes to send, or a stream to
// send through the read callback, and the Content-Type the body kind implies. Bytes are copied at the
// call, as fetch does; Blobs up to BLOB_IN_MEMORY are read whole, bigger ones (a Bun.file) streamed.

/** What to send: exactly one of `bytes` and `stream`. */
export interface BodyPlan {
  bytes: Uint8Array | null;
  stream: ReadableStream<unknown> | null;
  /** The stream's size in bytes when known (a Blob), else -1 (chunked over HTTP/1.1). */
  size: number;
  /** The Content-Type this kind of body carries (string, URLSearchParams, Blob, FormData), or null. */
  type: string | null;
}

/** A Blob up to this size is read into memory and sent with a Content-Length in one piece. */
const BLOB_IN_MEMORY = 8 * 1024 * 1024;

const encoder = new TextEncoder();

function bytesPlan(bytes: Uint8Array, type: string | null): BodyPlan {
  return { bytes, stream: null, size: bytes.length, type };
}

/** An async iterable of chunks as a stream, read one chunk per pull. */
function iterableStream(it: AsyncIterable<unknown>): ReadableStream<unknown> {
  const iter = it[Symbol.asyncIterator]();
  return new ReadableStream<unknown>({
    async pull(c) {
      const r = await iter.next();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
    async cancel(reason) {
      await iter.return?.(reason);
    },
  });
}

/** The plan for `body` (null: there is none). A Blob or FormData takes a read: then a promise. */
export function bodyPlan(body: unknown): BodyPlan | null | Promise<BodyPlan> {
  if (body === null || body === undefined) return null;
  if (typeof body === "string") return bytesPlan(encoder.encode(body), "text/plain;charset=UTF-8");
  if (body instanceof Uint8Array) return bytesPlan(body.slice(), null);
  if (body instanceof ArrayBuffer) return bytesPlan(new Uint8Array(body.slice(0)), null);
  if (ArrayBuffer.isView(body))
    return bytesPlan(new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice(), null);
  if (body instanceof URLSearchParams)
    return bytesPlan(
      encoder.encode(body.toString()),
      "application/x-www-form-urlencoded;charset=UTF-8",
    );
  if (body instanceof ReadableStream) return { bytes: null, stream: body, size: -1, type: null };
  if (body instanceof Blob) {
    const type = body.type === "" ? null : body.type;
    if (body.size > BLOB_IN_MEMORY)
      return { bytes: null, stream: body.stream(), size: body.size, type };
    return body.bytes().then((b) => bytesPlan(b, type));
  }
  if (body instanceof FormData) {
    // Bun's own multipart encoder, with its boundary in the Content-Type, as Bun's fetch sends it.
    const r = new Response(body);
    const type = r.headers.get("content-type");
    return r.bytes().then((b) => bytesPlan(b, type));
  }
  // Bun's fetch also takes an async iterable of chunks (an async generator, or a function making one).
  const iterable = typeof body === "function" ? (body as () => unknown)() : body;
  if (typeof iterable === "object" && iterable !== null && Symbol.asyncIterator in iterable)
    return {
      bytes: null,
      stream: iterableStream(iterable as AsyncIterable<unknown>),
      size: -1,
      type: null,
    };
  // Any other value is sent as its string, as fetch does (a number, an object with toString).
  return bytesPlan(encoder.encode(String(body)), "text/plain;charset=UTF-8");
}
