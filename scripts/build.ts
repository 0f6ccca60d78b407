// Builds the package into dist/: what `npm pack` ships (package.json "exports", "bin"), so a user's
// compiler settings never type-check our .ts sources. `bun run build`; `prepack` runs it.
//   dist/index.js, dist/testing/index.js   the entries, ESM for Bun, sharing dist/chunks/*.js (one
//   dist/workers/index.js                  copy of the engine: a Multi from "multisock/testing" is the
//                                          same class as one from "multisock")
//   dist/workers/worker.js                 the worker thread's script, beside the pool that starts it
//   dist/cli.js                            src/cli/main.ts bundled whole, with a bun shebang (when the
//                                          file exists)
//   dist/types/**/*.d.ts                   tsc's declaration emit, import paths rewritten .ts -> .js
//   dist/node-guard.js, .cjs               what Node.js gets ("node" condition): one clear error
// Every relative import of the emitted files is checked to resolve inside dist/.

import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const DIST = join(ROOT, "dist");
const CLI = join(ROOT, "src/cli/main.ts");

/** The sentence Node.js (and any runtime without Bun) gets instead of a stack of odd failures. */
const RUNTIME =
  '(typeof Deno === "object" ? "Deno " + Deno.version.deno' +
  ' : typeof process === "object" && process.versions?.node ? "Node.js " + process.version' +
  ' : "a runtime without Bun")';
const REFUSAL = `"multisock runs on Bun (https://bun.sh); it was loaded by " + ${RUNTIME}`;
/** First line of every built JS file: whichever module a non-Bun runtime evaluates first refuses. */
const GUARD = `if (typeof Bun === "undefined") throw new Error(${REFUSAL});`;

function fail(msg: string): never {
  console.error(`build: ${msg}`);
  process.exit(1);
}

export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

async function bundle(config: Parameters<typeof Bun.build>[0]): Promise<string[]> {
  const result = await Bun.build(config);
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    fail(`bun build failed for ${config.entrypoints.join(", ")}`);
  }
  return result.outputs.map((o) => o.path);
}

/** The library entries: ESM, target bun, code shared between them split into chunks. */
async function buildLibrary(): Promise<void> {
  await bundle({
    entrypoints: [
      join(ROOT, "src/index.ts"),
      join(ROOT, "src/testing/index.ts"),
      join(ROOT, "src/workers/index.ts"),
      join(ROOT, "src/workers/worker.ts"),
    ],
    root: join(ROOT, "src"),
    outdir: DIST,
    target: "bun",
    format: "esm",
    splitting: true,
    // The runtime dependency (the public suffix list) stays a package, updated on its own.
    external: ["tldts"],
    sourcemap: "linked",
    banner: GUARD,
    naming: { entry: "[dir]/[name].[ext]", chunk: "chunks/[name]-[hash].[ext]" },
  });
}

/** The CLI, one self-contained file with a shebang so `bunx multisock` and the bin link run it. */
async function buildCli(): Promise<boolean> {
  if (!existsSync(CLI)) return false;
  const [out] = await bundle({
    entrypoints: [CLI],
    outdir: join(DIST, ".cli"),
    target: "bun",
    format: "esm",
    // The shebang is part of the banner, so the inline source map counts its line.
    banner: `#!/usr/bin/env bun\n${GUARD}`,
    sourcemap: "inline",
  });
  if (out === undefined) fail("bun build wrote no file for src/cli/main.ts");
  const code = readFileSync(out, "utf8");
  if (!code.startsWith("#!/usr/bin/env bun\n") || code.indexOf("#!", 2) >= 0)
    fail("dist/cli.js: expected exactly one shebang, on its first line");
  const cli = join(DIST, "cli.js");
  writeFileSync(cli, code);
  chmodSync(cli, 0o755);
  rmSync(join(DIST, ".cli"), { recursive: true, force: true });
  return true;
}

/**
 * tsc's declaration emit for the package entries into `outDir`, then the .ts specifiers rewritten to
 * .js. Also used by scripts/api-docs.ts, which reads the declarations the package ships.
 */
export function emitTypes(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  // A throwaway tsconfig next to the repo's (paths in it are relative to its own directory).
  const config = join(ROOT, `.tsconfig.types-${process.pid}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: "./src",
        outDir: relative(ROOT, outDir) || ".",
        paths: {},
      },
      include: [],
      files: ["./src/index.ts", "./src/testing/index.ts", "./src/workers/index.ts"],
    }),
  );
  // The throwaway config goes before fail() can exit (process.exit skips a finally block).
  let code: number | null;
  try {
    code = Bun.spawnSync(["bun", "x", "tsc", "-p", config], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    }).exitCode;
  } finally {
    rmSync(config, { force: true });
  }
  if (code !== 0) fail("tsc declaration emit failed");
  // The sources import "./x.ts" (allowImportingTsExtensions); tsc keeps that in .d.ts files, which a
  // user's project without that flag may refuse. "./x.js" resolves to x.d.ts under every resolution.
  const spec = /((?:from|import)\s*\(?\s*")(\.{1,2}\/[^"]+)\.ts(")/g;
  for (const f of walk(outDir))
    if (f.endsWith(".d.ts")) writeFileSync(f, readFileSync(f, "utf8").replace(spec, "$1$2.js$3"));
}

/** What the "node" condition (Node.js, and Deno's npm support) resolves to, for import and require. */
function writeNodeGuard(): void {
  const text = [
    '// multisock under Node.js (the package\'s "node" condition): one clear error instead of the engine.',
    `const runtime = ${RUNTIME};`,
    'throw new Error("multisock runs on Bun (https://bun.sh); it was loaded by " + runtime);',
    "",
  ].join("\n");
  writeFileSync(join(DIST, "node-guard.js"), text);
  writeFileSync(join(DIST, "node-guard.cjs"), text);
}

/**
 * The pool finds its worker as new URL("./worker.js", import.meta.url): that holds only while the pool's
 * code stays in dist/workers/index.js (not moved into a chunk) and the worker is built beside it.
 */
function checkWorker(): void {
  if (!existsSync(join(DIST, "workers/worker.js"))) fail("dist/workers/worker.js was not built");
  const entry = readFileSync(join(DIST, "workers/index.js"), "utf8");
  if (!entry.includes('"./worker.js"'))
    fail("dist/workers/index.js does not hold the pool (its worker URL would not resolve)");
}

/** Every relative specifier of every emitted .js / .d.ts names a file that exists in dist/. */
function checkImports(): number {
  const spec = /(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g;
  let n = 0;
  for (const f of walk(DIST)) {
    const isDts = f.endsWith(".d.ts");
    if (!isDts && !f.endsWith(".js")) continue;
    for (const m of readFileSync(f, "utf8").matchAll(spec)) {
      const target = resolve(dirname(f), m[1]!);
      const candidates = isDts ? [target.replace(/\.js$/, ".d.ts")] : [target];
      if (!candidates.some((c) => existsSync(c)))
        fail(`${relative(ROOT, f)} imports ${m[1]}, which is not in dist/`);
      n++;
    }
  }
  return n;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  rmSync(DIST, { recursive: true, force: true });
  await buildLibrary();
  const cli = await buildCli();
  emitTypes(join(DIST, "types"));
  writeNodeGuard();
  checkWorker();
  const imports = checkImports();
  const files = walk(DIST).length;
  const ms = Math.round(performance.now() - t0);
  console.log(
    `build: dist/ has ${files} files (${cli ? "with" : "no src/cli/main.ts, so no"} dist/cli.js), ` +
      `${imports} relative imports resolve, ${ms} ms`,
  );
}

if (import.meta.main) await main();
