// The engine's only source of time. Everything above the transport reads "now" through a Clock, so a
// test can drive the whole engine in virtual time (ManualClock) and the Bun driver in real time.

/** A source of "now" in milliseconds. The engine reads time only through this. */
export interface Clock {
  /** Milliseconds on a monotonic scale (the engine only subtracts them; libcurl's Curl_now). */
  now(): number;
}
