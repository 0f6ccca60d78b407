// Type-level test of the Share API and CURLOPT_SHARE, checked by `tsc --noEmit -p .` and never run
// (no `.test.` in the name). Each `// @ts-expect-error` line is a mistake that must not compile.

import {
  CURL_LOCK_DATA_DNS,
  CURLOPT_SHARE,
  type CURLSHcode,
  CURLSHOPT_LOCKFUNC,
  CURLSHOPT_SHARE,
  CURLSHOPT_USERDATA,
  Easy,
  type EasyOptionValue,
  Share,
  type ShareOptionName,
} from "../../src/index.ts";

/** true when A and B are the same type (not merely assignable). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

const share = new Share();
const easy = new Easy();

// ---- correct uses ----
const rc: CURLSHcode = share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
share.setopt("unshare", CURL_LOCK_DATA_DNS);
share.setopt(CURLSHOPT_LOCKFUNC, (_easy, _data, _access, _userData) => {});
share.setopt("unlockFunc", null);
share.setopt(CURLSHOPT_USERDATA, { anything: true });
easy.setopt(CURLOPT_SHARE, share);
easy.setopt("share", null);
easy.setopt("share", undefined);
// A name known only at run time is checked at run time.
const dynamic: string = "share";
share.setopt(dynamic, 3);
assertType<Equal<EasyOptionValue<"share">, Share | null>>();
assertType<Equal<ShareOptionName, "share" | "unshare" | "lockFunc" | "unlockFunc" | "userData">>();
void rc;

// ---- mistakes ----
// @ts-expect-error one CURL_LOCK_DATA_* number, not a string
share.setopt("share", "dns");
// @ts-expect-error a typo in the option name
share.setopt("shar", CURL_LOCK_DATA_DNS);
// @ts-expect-error the lock callback is a function
share.setopt("lockFunc", 1);
// @ts-expect-error CURLOPT_SHARE takes a Share, not its options
easy.setopt("share", { share: 3 });
// @ts-expect-error nor a number
easy.setopt(CURLOPT_SHARE, CURL_LOCK_DATA_DNS);
