// Runs Parfum over a list of Dockerfiles and writes one JSON line per file: the names of the
// Parfum rules that match before and after its repair, and whether it changed the file (the
// repaired text goes to OUT_DIR/files/NAME). Parfum itself is not part of dfopt: PARFUM_DIR
// points at a built checkout of github.com/tdurieux/docker-parfum (see README.md).
//
// usage: PARFUM_DIR=/tmp/parfum node run-parfum.js LIST OUT_DIR SHARD NSHARDS
const fs = require("fs");
const path = require("path");
const parfumDir = process.env.PARFUM_DIR || "/tmp/parfum";
const { Matcher } = require(path.join(parfumDir, "build", "rule-matcher"));
const { DockerParser, File } = require(path.join(parfumDir, "node_modules", "@tdurieux", "dinghy"));

const [listFile, outDir, shard, nshards] = process.argv.slice(2);
const files = fs.readFileSync(listFile, "utf8").split("\n").filter(Boolean);
fs.mkdirSync(path.join(outDir, "files"), { recursive: true });
const out = fs.openSync(path.join(outDir, `results.${shard}.jsonl`), "w");

function ruleNames(root) {
  return new Matcher(root).matchAll().map((v) => v.rule.name);
}

(async () => {
  for (let i = 0; i < files.length; i++) {
    if (i % Number(nshards) !== Number(shard)) continue;
    const file = files[i];
    const rec = { file: path.basename(file) };
    try {
      const content = fs.readFileSync(file, "utf8");
      const matcher = new Matcher(new DockerParser(new File(undefined, content)).parse());
      const smells = matcher.matchAll();
      rec.before = smells.map((v) => v.rule.name);
      // A repair that throws leaves the tree as it was; the others still apply, as in
      // Parfum's own CLI.
      for (const smell of smells) {
        try { await smell.repair(); } catch (e) { /* counted by the after-list */ }
      }
      const repaired = matcher.node.toString(true);
      rec.changed = repaired !== content;
      if (rec.changed) fs.writeFileSync(path.join(outDir, "files", rec.file), repaired);
      try {
        rec.after = ruleNames(new DockerParser(new File(undefined, repaired)).parse());
      } catch (e) {
        rec.after_error = String(e).slice(0, 200);
      }
    } catch (e) {
      rec.error = String(e).slice(0, 200);
    }
    fs.writeSync(out, JSON.stringify(rec) + "\n");
  }
})();
