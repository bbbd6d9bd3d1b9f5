#!/bin/sh
# Validates what `dfopt --output-format sarif` and `--output-format json` print against their
# schemas: the SARIF 2.1.0 JSON schema as Microsoft's SARIF SDK ships it, and
# docs/json-output.schema.json. Run by CTest ("schema: SARIF and JSON outputs validate").
#
#   sh validate_outputs.sh DFOPT_BINARY SOURCE_DIR [CACHE_DIR]
#
# The validator (ajv-cli, ajv, ajv-formats) and the SARIF schema come from the npm registry, at
# the pinned versions below, into CACHE_DIR ($DFOPT_SCHEMA_CACHE, else the third argument, else
# ./schema-tools); later runs reuse them without the network.
# Exit status: 0 all outputs validate, 1 one does not (ajv's errors are printed) or dfopt
# misbehaved, 77 node/npm missing or the registry unreachable (CTest shows the test as skipped).
set -u

AJV_CLI_VERSION=5.0.0
AJV_VERSION=8.17.1           # ajv-cli takes ajv ^8; pinned here so that it does not float
AJV_FORMATS_VERSION=3.0.1
# The SARIF 2.1.0 schema: package/sarif-2.1.0.json in Microsoft's SARIF SDK Multitool package (the
# schema its `validate` command uses; draft 2020-12). The package also holds a 96 MB binary, so
# it is fetched with `npm pack` and only the schema is kept. The checksum pins the file itself.
SARIF_PACKAGE=@microsoft/sarif-multitool-linux
SARIF_PACKAGE_VERSION=5.7.0
SARIF_SCHEMA_IN_PACKAGE=package/sarif-2.1.0.json
SARIF_SCHEMA_SHA256=1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ $# -ge 2 ] || fail "usage: $0 DFOPT_BINARY SOURCE_DIR [CACHE_DIR]"
DFOPT=$1
SRC=$2
case $DFOPT in /*) ;; *) DFOPT=$(pwd)/$DFOPT ;; esac
[ -x "$DFOPT" ] || fail "no dfopt binary at $DFOPT"
JSON_SCHEMA=$SRC/docs/json-output.schema.json
[ -f "$JSON_SCHEMA" ] || fail "no $JSON_SCHEMA"
[ -d "$SRC/examples" ] || fail "no $SRC/examples"
CACHE=${DFOPT_SCHEMA_CACHE:-${3:-$(pwd)/schema-tools}}
case $CACHE in /*) ;; *) CACHE=$(pwd)/$CACHE ;; esac

command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"

registry_reachable() {
  npm ping --fetch-retries=0 --fetch-timeout=20000 >/dev/null 2>&1
}

# --- the tools, installed once per set of pinned versions -------------------------------------
TOOLS=$CACHE/ajv-cli-$AJV_CLI_VERSION.ajv-$AJV_VERSION.ajv-formats-$AJV_FORMATS_VERSION.sarif-multitool-$SARIF_PACKAGE_VERSION
if [ ! -f "$TOOLS/ready" ]; then
  mkdir -p "$CACHE" || fail "cannot create $CACHE"
  registry_reachable || skip "the npm registry cannot be reached (npm ping failed)"
  echo "installing ajv-cli@$AJV_CLI_VERSION ajv@$AJV_VERSION ajv-formats@$AJV_FORMATS_VERSION and the SARIF schema from $SARIF_PACKAGE@$SARIF_PACKAGE_VERSION into $TOOLS"
  STAGE=$(mktemp -d "$CACHE/install.XXXXXX") || fail "mktemp failed"
  if ! (cd "$STAGE" && npm install --no-audit --no-fund --no-update-notifier --ignore-scripts \
          --save-exact --loglevel=error --prefix "$STAGE" \
          "ajv-cli@$AJV_CLI_VERSION" "ajv@$AJV_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" &&
        npm pack --silent --no-update-notifier --pack-destination "$STAGE" \
          "$SARIF_PACKAGE@$SARIF_PACKAGE_VERSION" >/dev/null); then
    rm -rf "$STAGE"
    registry_reachable || skip "the npm registry cannot be reached (npm install failed)"
    fail "npm install/pack failed while the registry answers"
  fi
  tarball=$(ls "$STAGE"/*.tgz)
  tar -xzf "$tarball" -C "$STAGE" "$SARIF_SCHEMA_IN_PACKAGE" || { rm -rf "$STAGE"; fail "no $SARIF_SCHEMA_IN_PACKAGE in $tarball"; }
  sum=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$STAGE/$SARIF_SCHEMA_IN_PACKAGE")
  if [ "$sum" != "$SARIF_SCHEMA_SHA256" ]; then
    rm -rf "$STAGE"
    fail "SARIF schema checksum mismatch: got $sum, expected $SARIF_SCHEMA_SHA256"
  fi
  mv "$STAGE/$SARIF_SCHEMA_IN_PACKAGE" "$STAGE/sarif-schema-2.1.0.json"
  rm -rf "$tarball" "$STAGE/package"
  touch "$STAGE/ready"
  # Another run may have finished first: keep whichever got there.
  [ -e "$TOOLS" ] || mv "$STAGE" "$TOOLS"
  [ -f "$TOOLS/ready" ] || { rm -rf "$STAGE"; fail "could not install into $TOOLS"; }
  rm -rf "$STAGE" 2>/dev/null
fi
AJV=$TOOLS/node_modules/ajv-cli/dist/index.js
[ -f "$AJV" ] || fail "broken tool cache $TOOLS: remove it and run again"

# --- the inputs -------------------------------------------------------------------------------
# Kept after a failure, for a look at the outputs.
status=0
WORK=$(mktemp -d "$CACHE/run.XXXXXX") || fail "mktemp failed"
trap 'if [ $status -eq 0 ]; then rm -rf "$WORK"; else echo "inputs and outputs kept in $WORK"; fi' EXIT
trap 'status=1; exit 1' HUP INT TERM
IN=$WORK/in    # dfopt runs here, on copies, so that paths are relative and the tree stays as is
OUT=$WORK/out
mkdir -p "$IN/tricky" "$OUT"
cp -R "$SRC/examples" "$IN/examples"

T=$IN/tricky
# A syntax error, as BuildKit rejects it (exit 2, an error with a position).
printf 'FROM alpine:3.19\nRUN echo hi\nFROMM alpine\n' > "$T/syntax-error.Dockerfile"
# Fixes that are not applied: unsafe (DF501, DF112) unless --unsafe-fixes, and report-only ones.
printf 'FROM ubuntu\nMAINTAINER Jane <jane@example.com>\nENV APP_HOME /srv/app\nUSER app\nrun sudo apt-get install -y curl\nRUN apt-get install -y git\nARG DB_PASSWORD=hunter2\nCMD python3 $APP_HOME/app.py --port "$PORT"\n' > "$T/unsafe.Dockerfile"
# CRLF line endings throughout.
printf 'FROM ubuntu:22.04\r\nRUN apt-get update\r\nRUN apt-get install -y curl \\\r\n    git\r\nCMD python app.py\r\n' > "$T/crlf.Dockerfile"
# Invalid UTF-8 in a comment, in a package name a message quotes, in a label and a CMD.
printf 'FROM debian:bookworm\n# caf\351 \377\376 broken comment\nRUN apt-get install -y caf\351-pkg\nLABEL note="\303\050"\nCMD echo \351t\351\n' > "$T/bad-utf8.Dockerfile"
# A path with spaces and non-ASCII characters ("dir with spaces/ünïcødé 日本/"), found by a
# directory scan; and a directory whose name is not UTF-8 at all.
NONASCII=$(printf 'dir with spaces/\303\274n\303\257c\303\270d\303\251 \346\227\245\346\234\254')
mkdir -p "$T/$NONASCII"
printf 'FROM node\nRUN npm install -g typescript\n' > "$T/$NONASCII/Dockerfile"
BADNAME=$(printf 'bad\377name')
mkdir -p "$T/$BADNAME"
printf 'FROM alpine\nRUN apk add curl\n' > "$T/$BADNAME/Dockerfile"
# Nothing to report at all, and an empty file.
printf 'FROM alpine:3.19\nCMD ["true"]\n' > "$T/clean.Dockerfile"
: > "$T/empty.Dockerfile"    # an error: "file with no instructions"

# run_case NAME STDIN_FILE DFOPT_ARGS...: one run per format into $OUT/NAME.{sarif,json}.json.
# dfopt's own statuses 0-2 are fine (2: an invalid or unreadable file); anything else is a crash.
run_case() {
  name=$1
  stdin=$2
  shift 2
  for format in sarif json; do
    (cd "$IN" && "$DFOPT" --quiet --output-format "$format" "$@" < "$stdin" \
       > "$OUT/$name.$format.json" 2> "$OUT/$name.$format.stderr")
    rc=$?
    if [ $rc -gt 2 ]; then
      echo "FAIL: dfopt --output-format $format $* exited with $rc:"
      cat "$OUT/$name.$format.stderr"
      status=1
    fi
  done
}

run_case examples /dev/null examples
run_case examples-unsafe-fixes /dev/null --unsafe-fixes examples
run_case syntax-error /dev/null tricky/syntax-error.Dockerfile
run_case unsafe /dev/null tricky/unsafe.Dockerfile
run_case crlf /dev/null tricky/crlf.Dockerfile
run_case bad-utf8 /dev/null tricky/bad-utf8.Dockerfile
run_case non-ascii-path /dev/null "tricky/dir with spaces"
run_case non-utf8-path /dev/null "tricky/$BADNAME"
run_case missing-file /dev/null tricky/does-not-exist.Dockerfile
run_case clean /dev/null tricky/clean.Dockerfile tricky/empty.Dockerfile
run_case selected-rules /dev/null --select DF102,DF201 tricky/unsafe.Dockerfile
# Standard input only with --check: in diff and fix mode dfopt also writes the fixed text of `-`
# to stdout, before the document (apps/dfopt/process_file.cpp), so stdout is not JSON then.
run_case stdin "$T/unsafe.Dockerfile" --check -
run_case stdin-syntax-error "$T/syntax-error.Dockerfile" --check --stdin-filename "sub dir/Dockerfile" -
run_case everything "$T/crlf.Dockerfile" --check examples tricky -

# Fix mode writes the files: each format gets a fresh copy.
for format in sarif json; do
  rm -rf "$IN/fixed" && cp -R "$IN/examples" "$IN/fixed"
  (cd "$IN" && "$DFOPT" --quiet --fix --unsafe-fixes --output-format "$format" fixed \
     > "$OUT/fix.$format.json" 2> "$OUT/fix.$format.stderr")
  rc=$?
  [ $rc -le 2 ] || { echo "FAIL: dfopt --fix --output-format $format exited with $rc"; status=1; }
done

# --- validation -------------------------------------------------------------------------------
cp "$TOOLS/sarif-schema-2.1.0.json" "$WORK/sarif-schema.json"
cp "$JSON_SCHEMA" "$WORK/json-output-schema.json"
# validate SCHEMA STRICT: one ajv run over all the outputs of $format.
# The SARIF schema is not written for ajv's strict mode (e.g. "required" names a property that
# only a sibling subschema defines), so strictness is an argument.
validate() {
  schema=$1
  strict=$2
  set --
  for f in "$OUT"/*."$format".json; do set -- "$@" -d "$(basename "$f")"; done
  if (cd "$OUT" && node "$AJV" validate --spec=draft2020 --strict="$strict" --all-errors --errors=text \
        -c ajv-formats -s "../$schema" "$@") > "$WORK/ajv.$format.log" 2>&1; then
    echo "ok: $(grep -c '\.json valid$' "$WORK/ajv.$format.log") $format outputs validate against $schema"
  else
    echo "FAIL: $format output does not validate against $schema:"
    cat "$WORK/ajv.$format.log"
    echo "--- the objects that hold the failing values:"
    node - "$OUT" "$WORK/ajv.$format.log" <<'JS' || true
const fs = require("fs"), path = require("path");
const [out, log] = process.argv.slice(2);
const lines = fs.readFileSync(log, "utf8").split("\n");
for (let i = 0; i < lines.length; i++) {
  const m = /^(\S+) invalid$/.exec(lines[i]);
  if (!m || !fs.existsSync(path.join(out, m[1]))) continue;
  const doc = JSON.parse(fs.readFileSync(path.join(out, m[1]), "utf8"));
  const shown = new Set();
  // ajv's text errors: "data/runs/0/results/6/level must be ..., data/... must ..."
  for (const [, pointer] of (lines[i + 1] || "").matchAll(/(?:^|, )data((?:\/[^ ,]*)*)/g)) {
    const parent = pointer.split("/").slice(1, -1);
    const where = "/" + parent.join("/");
    if (shown.has(where) || shown.size >= 5) continue;
    shown.add(where);
    let v = doc;
    for (const k of parent) v = v == null ? v : v[k.replace(/~1/g, "/").replace(/~0/g, "~")];
    console.log(`=== ${m[1]} ${where}:\n` + JSON.stringify(v, null, 2).slice(0, 2000));
  }
}
JS
    status=1
  fi
}
format=sarif; validate sarif-schema.json false
format=json; validate json-output-schema.json true

# The inputs must keep covering what they are there for, and both formats must agree on what
# they report; otherwise a schema check above could pass vacuously.
node - "$OUT" <<'EOF' || status=1
const fs = require("fs"), path = require("path");
const out = process.argv[2];
const read = (f) => JSON.parse(fs.readFileSync(path.join(out, f), "utf8"));
let failed = false;
const check = (ok, what) => { if (!ok) { console.log("FAIL: " + what); failed = true; } };
const cases = fs.readdirSync(out).filter((f) => f.endsWith(".json.json")).map((f) => f.slice(0, -10));
const files = {};
for (const c of cases) {
  const json = read(c + ".json.json"), sarif = read(c + ".sarif.json");
  files[c] = json.files;
  const n = json.files.reduce((k, f) => k + f.errors.length + f.findings.length, 0);
  check(sarif.runs[0].results.length === n,
        `${c}: SARIF has ${sarif.runs[0].results.length} results, the JSON report ${n} errors and findings`);
}
const all = Object.values(files).flat();
const findings = all.flatMap((f) => f.findings);
check(files["examples"].length >= 10, "examples: fewer than 10 files scanned");
check(files["syntax-error"][0].errors.some((e) => e.line === 3), "syntax-error: no error at line 3");
check(files["missing-file"][0].errors.some((e) => e.line === undefined), "missing-file: no error without a position");
check(findings.some((f) => f.fix && f.fix.safety === "unsafe"), "no finding with an unsafe fix left");
check(findings.some((f) => f.fix === null), "no finding without a fix");
check(findings.some((f) => f.severity === "info"), "no finding of severity info");
check(all.some((f) => f.changed && Object.keys(f.fixes_applied).length > 0), "no file with fixes applied");
check(files["stdin"].length === 1 && files["stdin"][0].path === "-", "stdin: no file \"-\"");
check(files["non-ascii-path"].some((f) => /\u65e5\u672c\/Dockerfile$/.test(f.path)), "non-ascii-path: path not found");
check(files["non-utf8-path"].some((f) => f.path.includes("\ufffd")), "non-utf8-path: the invalid byte is not replaced");
check(files["crlf"][0].findings.length > 0, "crlf: no findings");
const clean = files["clean"].find((f) => f.path.endsWith("clean.Dockerfile"));
const empty = files["clean"].find((f) => f.path.endsWith("empty.Dockerfile"));
check(clean && clean.findings.length === 0 && clean.errors.length === 0, "clean: findings or errors");
check(empty && empty.errors.length === 1, "clean: the empty file has no error");
check(files["stdin-syntax-error"][0].path === "sub dir/Dockerfile", "stdin-syntax-error: --stdin-filename not used");
if (!failed) console.log(`ok: ${cases.length} cases x 2 formats cover what they should and agree`);
process.exit(failed ? 1 : 0);
EOF

if [ $status -eq 0 ]; then echo "PASS"; else echo "FAILED"; fi
exit $status
