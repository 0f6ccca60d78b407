// Writes docs/api.md, the API reference, from the TSDoc of every export of the package entries
// (src/index.ts, src/testing/index.ts, src/workers/index.ts). It reads the declarations tsc emits for
// the package (the same .d.ts files users get), which hold exactly the public shape with its doc
// comments, and follows each entry's export lists to the declaration of every name.
//   bun run scripts/api-docs.ts            regenerate docs/api.md
//   bun run scripts/api-docs.ts --check    exit 1 when docs/api.md is not what the sources give
//   bun run scripts/api-docs.ts --missing  list the exports (and public members) without TSDoc

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import * as entryValues from "../src/index.ts";
import * as testingValues from "../src/testing/index.ts";
import * as workersValues from "../src/workers/index.ts";
import { emitTypes } from "./build.ts";

const ROOT = resolve(import.meta.dir, "..");
const OUT = join(ROOT, "docs/api.md");
const ENTRIES = [
  { spec: "multisock", file: "index.d.ts", values: entryValues as Record<string, unknown> },
  { spec: "multisock/testing", file: "testing/index.d.ts", values: testingValues },
  { spec: "multisock/workers", file: "workers/index.d.ts", values: workersValues },
];

/** One top-level statement of a .d.ts file with the doc comment right above it. */
interface Statement {
  text: string;
  doc: string;
}

interface Member {
  text: string;
  doc: string;
}

interface Decl {
  name: string;
  kind: string;
  /** The source module, relative to src/ (e.g. "multi/multi.ts"). */
  module: string;
  doc: string;
  signatures: string[];
  members: Member[];
}

/** `/** ... *\/` to plain text: markers and leading stars gone, `{@link X}` as `X`. */
function docText(raw: string): string {
  return raw
    .replace(/^\s*\/\*\*/, "")
    .replace(/\*\/\s*$/, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, "").trimEnd())
    .join("\n")
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, "`$1`")
    .trim();
}

function depthDelta(line: string): number {
  let d = 0;
  for (const ch of line.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === "{" || ch === "(" || ch === "[") d++;
    else if (ch === "}" || ch === ")" || ch === "]") d--;
  }
  return d;
}

/** Splits a block of lines into statements (a doc comment, then lines until brackets balance). */
function statements(lines: string[]): Statement[] {
  const out: Statement[] = [];
  let doc = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (t === "") continue;
    if (t.startsWith("/**")) {
      let raw = line;
      while (!lines[i]!.includes("*/")) raw += `\n${lines[++i]}`;
      doc = docText(raw);
      continue;
    }
    if (t.startsWith("//") || t.startsWith("/*")) continue;
    let text = line;
    let depth = depthDelta(line);
    while (depth > 0 && i + 1 < lines.length) {
      text += `\n${lines[++i]}`;
      depth += depthDelta(lines[i]!);
    }
    out.push({ text, doc });
    doc = "";
  }
  return out;
}

const cache = new Map<string, Statement[]>();
function fileStatements(file: string): Statement[] {
  let s = cache.get(file);
  if (s === undefined) {
    s = statements(readFileSync(file, "utf8").split("\n"));
    cache.set(file, s);
  }
  return s;
}

/** The public members of a class or interface body (no private ones, none marked @internal). */
function members(text: string): Member[] {
  const open = text.indexOf("{");
  const body = text.slice(open + 1, text.lastIndexOf("}")).split("\n");
  const out: Member[] = [];
  for (const st of statements(body)) {
    const t = st.text
      .replace(/\/\*\*[\s\S]*?\*\//g, "")
      .trim()
      .replace(/\s+/g, " ")
      .replace(/\( /g, "(");
    if (/^(private|protected|#private)\b/.test(t) || st.doc.includes("@internal")) continue;
    out.push({ text: t, doc: st.doc });
  }
  return out;
}

const DECL_RE =
  /^export (?:declare )?(const|function|abstract class|class|interface|type|enum|namespace) (\w+)/;
const REEXPORT_RE = /^export (?:type )?\{([^}]*)\} from "([^"]+)";/;
const STAR_RE = /^export \* from "([^"]+)";/;

/** Names in an export list: `a, type B, c as d` -> [[exported, local]]. */
function exportList(list: string): [string, string][] {
  return list
    .split(",")
    .map((x) => x.trim().replace(/^type\s+/, ""))
    .filter((x) => x !== "")
    .map((x) => {
      const [local, exported] = x.split(/\s+as\s+/);
      return [exported ?? local!, local!];
    });
}

/** Finds `name`'s declaration from `file`, following re-exports. */
function find(file: string, name: string, typesDir: string): Decl | undefined {
  const st = fileStatements(file);
  let found: Decl | undefined;
  for (const s of st) {
    const m = DECL_RE.exec(s.text);
    if (m === null || m[2] !== name) continue;
    const sig = s.text.replace(/\{[\s\S]*\}$/, "{ ... }").trim();
    if (found === undefined)
      found = {
        name,
        kind: m[1]!.replace("abstract ", ""),
        module: file.slice(typesDir.length + 1).replace(/\.d\.ts$/, ".ts"),
        doc: s.doc,
        signatures: [sig],
        members: /class|interface/.test(m[1]!) ? members(s.text) : [],
      };
    else {
      found.signatures.push(sig);
      if (found.doc === "") found.doc = s.doc;
    }
  }
  if (found !== undefined) return found;
  for (const s of st) {
    const re = REEXPORT_RE.exec(s.text);
    if (re !== null) {
      const hit = exportList(re[1]!).find(([exported]) => exported === name);
      if (hit !== undefined) return find(resolveSpec(file, re[2]!), hit[1], typesDir);
      continue;
    }
    const star = STAR_RE.exec(s.text);
    if (star !== null) {
      const d = find(resolveSpec(file, star[1]!), name, typesDir);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

function resolveSpec(from: string, spec: string): string {
  return resolve(dirname(from), spec.replace(/\.js$/, ".d.ts"));
}

/** The libcurl name a declaration mirrors, when its doc (or its own name) says it. */
function libcurlName(d: Decl): string {
  if (/^CURL/.test(d.name)) return d.name;
  // Only where the doc says so: it opens with a curl_* function or names one in backticks, says
  // "libcurl's X" or "`X` in libcurl", or (a callback type) names its option in parentheses.
  const m =
    /^`?(curl_[a-z_]+)/.exec(d.doc) ??
    /`(curl_[a-z_]+)(?:\(\))?`/.exec(d.doc) ??
    /libcurl's `?(CURL[A-Z]* \*|curl_[a-z_]+|CURL[A-Z]*_[A-Z0-9_]+)/.exec(d.doc) ??
    /`([^`]+)` in libcurl/.exec(d.doc) ??
    (d.kind === "type" ? /\(`?(CURL[A-Z]*OPT_[A-Z0-9_]+)`?\)/.exec(d.doc) : null);
  return m?.[1] ?? "";
}

/** The first line of a source file's header comment: what the module is. */
function moduleIntro(module: string): string {
  const src = readFileSync(join(ROOT, "src", module), "utf8").split("\n");
  const lines: string[] = [];
  for (const l of src) {
    if (!l.startsWith("//")) break;
    lines.push(l.replace(/^\/\/\s?/, ""));
  }
  return lines.join(" ").trim();
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

function render(entrySpec: string, decls: Decl[], values: Record<string, unknown>): string {
  let md = `## \`${entrySpec}\`\n\n`;
  const modules = [...new Set(decls.map((d) => d.module))];
  for (const mod of modules) {
    const here = decls.filter((d) => d.module === mod);
    md += `### ${mod}\n\n${moduleIntro(mod)}\n\n`;
    // Constants with a number or string value go in one table, their value read from the module.
    const consts = here.filter(
      (d) => d.kind === "const" && /^(number|string)$/.test(typeof values[d.name]),
    );
    if (consts.length > 0) {
      md += "| name | value | description |\n| --- | --- | --- |\n";
      for (const c of consts) {
        const value = JSON.stringify(values[c.name]);
        md += `| \`${c.name}\` | \`${value}\` | ${oneLine(c.doc)} |\n`;
      }
      md += "\n";
    }
    for (const d of here) {
      if (consts.includes(d)) continue;
      const mirrors = libcurlName(d);
      md += `#### \`${d.name}\` (${d.kind})\n\n`;
      if (mirrors !== "") md += `libcurl: \`${mirrors}\`\n\n`;
      if (d.doc !== "") md += `${d.doc}\n\n`;
      md += `\`\`\`ts\n${d.signatures.join("\n")}\n\`\`\`\n\n`;
      for (const m of d.members)
        md += `- \`${oneLine(m.text)}\`${m.doc ? ` ${oneLine(m.doc)}` : ""}\n`;
      if (d.members.length > 0) md += "\n";
    }
  }
  return md;
}

interface Entry {
  spec: string;
  decls: Decl[];
  values: Record<string, unknown>;
}

function collect(typesDir: string): Entry[] {
  return ENTRIES.map(({ spec, file, values }) => {
    const entry = join(typesDir, file);
    const decls: Decl[] = [];
    for (const s of fileStatements(entry)) {
      const re = REEXPORT_RE.exec(s.text);
      if (re === null) continue;
      for (const [exported, local] of exportList(re[1]!)) {
        const d = find(resolveSpec(entry, re[2]!), local, typesDir);
        if (d === undefined) throw new Error(`api-docs: no declaration for ${exported} (${spec})`);
        decls.push({ ...d, name: exported });
      }
    }
    return { spec, decls, values };
  });
}

const typesDir = mkdtempSync(join(tmpdir(), "multisock-api-"));
let entries: Entry[];
try {
  emitTypes(typesDir);
  entries = collect(typesDir);
} finally {
  rmSync(typesDir, { recursive: true, force: true });
}

const args = process.argv.slice(2);
if (args.includes("--missing")) {
  for (const { spec, decls } of entries)
    for (const d of decls) {
      if (d.doc === "") console.log(`${spec}\tsrc/${d.module}\t${d.name}`);
      for (const m of d.members)
        if (m.doc === "") console.log(`${spec}\tsrc/${d.module}\t${d.name}: ${m.text}`);
    }
  process.exit(0);
}

const count = entries.reduce((n, e) => n + e.decls.length, 0);
const md =
  "# API reference\n\n" +
  "Generated by `scripts/api-docs.ts` from the TSDoc of every export of the package entries " +
  "(`src/index.ts`, `src/testing/index.ts` and `src/workers/index.ts`): do not edit by hand, run `bun run docs`. " +
  `${count} exports; where a doc names the libcurl function, type or constant an export mirrors, ` +
  "it is shown as `libcurl:`. Option and info constants are libcurl's names; their values are the " +
  "camelCase keys `setopt` and `getinfo` take.\n\n" +
  entries.map((e) => render(e.spec, e.decls, e.values)).join("");

if (args.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUT, "utf8");
  } catch {}
  if (current !== md) {
    console.error(
      "api-docs: docs/api.md is stale; run `bun run scripts/api-docs.ts` and commit it",
    );
    process.exit(1);
  }
  console.log(`api-docs: docs/api.md is current (${count} exports)`);
} else {
  writeFileSync(OUT, md);
  console.log(`api-docs: wrote docs/api.md (${count} exports)`);
}
