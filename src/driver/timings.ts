// The per-phase times of a transfer (CURLINFO_*_TIME), as the promise helpers report them.

import type { Easy } from "../easy/easy.ts";

export interface CurlTimings {
  /** Seconds from the start, as CURLINFO_*_TIME. */
  namelookup: number;
  connect: number;
  appconnect: number;
  pretransfer: number;
  starttransfer: number;
  total: number;
  /** CURLINFO_REDIRECT_TIME: the redirects followed before the final request. */
  redirect: number;
}

/** The handle's phase times now (final once its transfer ended). */
export function timingsOf(easy: Easy): CurlTimings {
  const t = (k: string) => easy.getinfo(k as never) as number;
  return {
    namelookup: t("namelookupTime"),
    connect: t("connectTime"),
    appconnect: t("appconnectTime"),
    pretransfer: t("pretransferTime"),
    starttransfer: t("starttransferTime"),
    total: t("totalTime"),
    redirect: t("redirectTime"),
  };
}
