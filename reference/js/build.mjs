// Builds dist/webfuse-reference.js from src/reference.ts with TypeScript 7: `make reference-js`.
//
// tsc 7 has neither `outFile` nor `module: none`, so the source is a single script file (no top-level
// import or export; the generated declarations come in through type-only `import()` types) whose one
// namespace compiles to an IIFE. tsc writes build output named after the source, reference.js, into
// a scratch directory; this script copies it to its published name.
//
//   node reference/js/build.mjs [OUT]      write OUT (default: reference/js/dist/webfuse-reference.js)
//   node reference/js/build.mjs --check    fail unless the committed dist equals a fresh build
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, "..", "..", "node_modules", "typescript", "bin", "tsc");
const dist = join(here, "dist", "webfuse-reference.js");
const check = process.argv[2] === "--check";
const out = check ? null : (process.argv[2] ?? dist);

const scratch = mkdtempSync(join(tmpdir(), "webfuse-reference-js-"));
try {
  execFileSync(process.execPath, [tsc, "-p", here, "--noEmit", "false", "--outDir", scratch], { stdio: "inherit" });
  const built = join(scratch, "reference.js");
  if (check) {
    if (!readFileSync(built).equals(readFileSync(dist))) {
      console.error(`${dist} differs from a fresh build of src/: run \`make reference-js\``);
      process.exit(1);
    }
  } else {
    copyFileSync(built, out);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
