// Which options live inline in every handle's record (easy/options.ts's EasyOptions): the ones most
// handles set, the request() and fetch() helpers and the CLI among them. Setting any other option
// gives that handle its own record of the rare ones (core/fields.ts splitFieldsClass).

import * as N from "./option-names.ts";

/**
 * The options most handles set (the helpers and the CLI among them): kept inline in every handle.
 * The rest are rare: they share one record of defaults until a handle sets one (splitFieldsClass).
 */
export const HOT_OPTIONS: ReadonlySet<string> = new Set<string>([
  N.CURLOPT_URL,
  N.CURLOPT_WRITEFUNCTION,
  N.CURLOPT_WRITEDATA,
  N.CURLOPT_HEADERFUNCTION,
  N.CURLOPT_HEADERDATA,
  N.CURLOPT_PRIVATE,
  N.CURLOPT_CUSTOMREQUEST,
  N.CURLOPT_NOBODY,
  N.CURLOPT_POST,
  N.CURLOPT_HTTPHEADER,
  N.CURLOPT_POSTFIELDS,
  N.CURLOPT_POSTFIELDSIZE,
  N.CURLOPT_USERAGENT,
  N.CURLOPT_VERBOSE,
  N.CURLOPT_DEBUGFUNCTION,
  N.CURLOPT_DEBUGDATA,
  N.CURLOPT_HTTP_VERSION,
  N.CURLOPT_PIPEWAIT,
  N.CURLOPT_TIMEOUT_MS,
  N.CURLOPT_CONNECTTIMEOUT_MS,
  N.CURLOPT_FOLLOWLOCATION,
  N.CURLOPT_MAXREDIRS,
  N.CURLOPT_ACCEPT_ENCODING,
  N.CURLOPT_UPLOAD,
  N.CURLOPT_INFILESIZE,
  N.CURLOPT_READFUNCTION,
  N.CURLOPT_READDATA,
  N.CURLOPT_FAILONERROR,
  N.CURLOPT_XFERINFOFUNCTION,
  N.CURLOPT_XFERINFODATA,
  N.CURLOPT_NOPROGRESS,
  N.CURLOPT_SHARE,
  N.CURLOPT_SSL_VERIFYPEER,
  N.CURLOPT_SSL_VERIFYHOST,
  N.CURLOPT_CAINFO,
]);
