// RFC 7541 Appendix C as data: each example's header block (hex, as printed in the RFC), the
// fields it decodes to, and the dynamic table after it (newest entry first) with its size.

export type Field = readonly [name: string, value: string];

export interface BlockCase {
  /** The RFC section. */
  readonly name: string;
  readonly hex: string;
  readonly fields: readonly Field[];
  /** Dynamic table after the block, newest (index 62) first. */
  readonly table: readonly Field[];
  readonly tableSize: number;
}

/** A sequence of blocks on one connection, decoded by one decoder (and encoded by one encoder). */
export interface SequenceCase {
  readonly name: string;
  /** SETTINGS_HEADER_TABLE_SIZE in force: 4096 for the requests, 256 for the responses. */
  readonly tableSize: number;
  readonly huffman: boolean;
  readonly blocks: readonly BlockCase[];
}

/** C.2: one field each, on a fresh decoder. */
export const SINGLE: readonly BlockCase[] = [
  {
    // Literal with incremental indexing, new name: 0x40, then two raw strings.
    name: "C.2.1 literal field with indexing",
    hex: "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
    fields: [["custom-key", "custom-header"]],
    table: [["custom-key", "custom-header"]],
    tableSize: 55,
  },
  {
    // Without indexing (0000), name index 4 (:path): the table stays empty.
    name: "C.2.2 literal field without indexing",
    hex: "040c 2f73 616d 706c 652f 7061 7468",
    fields: [[":path", "/sample/path"]],
    table: [],
    tableSize: 0,
  },
  {
    // Never indexed (0001), new name.
    name: "C.2.3 literal field never indexed",
    hex: "1008 7061 7373 776f 7264 0673 6563 7265 74",
    fields: [["password", "secret"]],
    table: [],
    tableSize: 0,
  },
  {
    name: "C.2.4 indexed field",
    hex: "82",
    fields: [[":method", "GET"]],
    table: [],
    tableSize: 0,
  },
];

const AUTH: Field = [":authority", "www.example.com"];
const NO_CACHE: Field = ["cache-control", "no-cache"];
const CUSTOM: Field = ["custom-key", "custom-value"];
const REQ1: readonly Field[] = [[":method", "GET"], [":scheme", "http"], [":path", "/"], AUTH];
const REQ2: readonly Field[] = [...REQ1, NO_CACHE];
const REQ3: readonly Field[] = [
  [":method", "GET"],
  [":scheme", "https"],
  [":path", "/index.html"],
  AUTH,
  CUSTOM,
];

function requests(section: string, huffman: boolean, hex: [string, string, string]): SequenceCase {
  return {
    name: `${section} requests ${huffman ? "with" : "without"} Huffman`,
    tableSize: 4096,
    huffman,
    blocks: [
      { name: `${section}.1`, hex: hex[0], fields: REQ1, table: [AUTH], tableSize: 57 },
      { name: `${section}.2`, hex: hex[1], fields: REQ2, table: [NO_CACHE, AUTH], tableSize: 110 },
      {
        name: `${section}.3`,
        hex: hex[2],
        fields: REQ3,
        table: [CUSTOM, NO_CACHE, AUTH],
        tableSize: 164,
      },
    ],
  };
}

const S302: Field = [":status", "302"];
const S307: Field = [":status", "307"];
const PRIVATE: Field = ["cache-control", "private"];
const DATE1: Field = ["date", "Mon, 21 Oct 2013 20:13:21 GMT"];
const DATE2: Field = ["date", "Mon, 21 Oct 2013 20:13:22 GMT"];
const LOCATION: Field = ["location", "https://www.example.com"];
const GZIP: Field = ["content-encoding", "gzip"];
const COOKIE: Field = ["set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"];

// With a 256-byte table: response 2 evicts :status 302 to add :status 307; response 3 evicts three
// entries on its way (cache-control, location and :status 307 go; date is added twice over).
function responses(section: string, huffman: boolean, hex: [string, string, string]): SequenceCase {
  return {
    name: `${section} responses ${huffman ? "with" : "without"} Huffman`,
    tableSize: 256,
    huffman,
    blocks: [
      {
        name: `${section}.1`,
        hex: hex[0],
        fields: [S302, PRIVATE, DATE1, LOCATION],
        table: [LOCATION, DATE1, PRIVATE, S302],
        tableSize: 222,
      },
      {
        name: `${section}.2`,
        hex: hex[1],
        fields: [S307, PRIVATE, DATE1, LOCATION],
        table: [S307, LOCATION, DATE1, PRIVATE],
        tableSize: 222,
      },
      {
        name: `${section}.3`,
        hex: hex[2],
        fields: [[":status", "200"], PRIVATE, DATE2, LOCATION, GZIP, COOKIE],
        table: [COOKIE, GZIP, DATE2],
        tableSize: 215,
      },
    ],
  };
}

export const SEQUENCES: readonly SequenceCase[] = [
  requests("C.3", false, [
    "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
    "8286 84be 5808 6e6f 2d63 6163 6865",
    "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
  ]),
  requests("C.4", true, [
    "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
    "8286 84be 5886 a8eb 1064 9cbf",
    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
  ]),
  responses("C.5", false, [
    "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133" +
      "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70" +
      "6c65 2e63 6f6d",
    "4803 3330 37c1 c0bf",
    "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d" +
      "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049" +
      "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e" +
      "3d31",
  ]),
  responses("C.6", true, [
    "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6" +
      "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
    "4883 640e ffc1 c0bf",
    "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab" +
      "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f" +
      "9587 3160 65c0 03ed 4ee5 b106 3d50 07",
  ]),
];

/** The Huffman strings of C.4 and C.6: text and its code (hex). */
export const HUFFMAN_STRINGS: readonly (readonly [string, string])[] = [
  ["www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"],
  ["no-cache", "a8eb 1064 9cbf"],
  ["custom-key", "25a8 49e9 5ba9 7d7f"],
  ["custom-value", "25a8 49e9 5bb8 e8b4 bf"],
  ["302", "6402"],
  ["307", "640e ff"],
  ["private", "aec3 771a 4b"],
  ["Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"],
  ["Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff"],
  ["https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"],
  ["gzip", "9bd9 ab"],
  [
    "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
    "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
  ],
];
