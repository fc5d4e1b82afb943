// Validate elizaOS character files with the real @elizaos/core validateCharacter.
// usage: node check.mjs <1|2> file.json ...   (one JSON line per file on stdout)
// The test copies this file next to a node_modules holding elizaos-core-1 and -2.
import { readFileSync } from "node:fs";

const [major, ...files] = process.argv.slice(2);
const core = await import(major === "1" ? "elizaos-core-1" : "elizaos-core-2");
for (const file of files) {
  const result = core.validateCharacter(JSON.parse(readFileSync(file, "utf8")));
  console.log(JSON.stringify({ file, success: result.success, error: result.error?.message ?? null }));
}
