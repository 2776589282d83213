#!/usr/bin/env bash
# ./gatehouse bench fuzz [--target NAME[,NAME...]] [--executions N] [--heap SIZE]
#
# Fuzzes each target (Class#method, or any part of that name with --target) for N executions
# (default 1,000,000) with JAZZER_FUZZ=1, one JVM after another, each with a small heap so that
# unbounded allocation is an OutOfMemoryError finding. Prints executions, exec/s, coverage,
# features and findings per target. A finding's input is written next to the committed corpus
# (fuzz/src/test/resources/.../<Class>Inputs/<method>/crash-*): the regression run replays it.
# The corpus Jazzer grows lives in fuzz/.cifuzz-corpus/ (not committed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="" executions=1000000 heap=768m
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --executions) executions="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    *) echo "bench fuzz: unknown option $1 (use --target NAME, --executions N, --heap SIZE)" >&2; exit 2 ;;
  esac
done

TARGETS=(
  dev.gatehouse.fuzz.PermissionFuzzTest#permissionList
  dev.gatehouse.fuzz.PermissionFuzzTest#roomPattern
  dev.gatehouse.fuzz.PermissionFuzzTest#accessTokenPermissions
  dev.gatehouse.fuzz.RoomQueryFuzzTest#parse
  dev.gatehouse.fuzz.RoomQueryFuzzTest#printed
  dev.gatehouse.fuzz.FilterFuzzTest#query
  dev.gatehouse.store.CursorsFuzzTest#decode
  dev.gatehouse.store.CursorsFuzzTest#roundTrip
  dev.gatehouse.fuzz.RequestBodyFuzzTest#body
  dev.gatehouse.fuzz.ApiGatewayEventFuzzTest#event
  dev.gatehouse.fuzz.ApiGatewayEventFuzzTest#queryComponent
  dev.gatehouse.fuzz.TokenVerifierFuzzTest#rawToken
  dev.gatehouse.fuzz.TokenVerifierFuzzTest#parts
  dev.gatehouse.fuzz.ProvisioningFuzzTest#sqs
  dev.gatehouse.fuzz.ProvisioningFuzzTest#eventBridge
  dev.gatehouse.fuzz.ProvisioningFuzzTest#cognito
  dev.gatehouse.fuzz.HandlerFuzzTest#request
  dev.gatehouse.fuzz.HandlerFuzzTest#connectAuthorizer
  dev.gatehouse.fuzz.Http1ParserFuzzTest#request
)
# --target A,B: the targets whose name contains A, then those containing B.
selected=()
IFS=',' read -r -a wanted <<<"${target:-}"
[[ ${#wanted[@]} -gt 0 ]] || wanted=("")
for w in "${wanted[@]}"; do
  for t in "${TARGETS[@]}"; do
    if [[ "$t" == *"$w"* && " ${selected[*]:-} " != *" $t "* ]]; then selected+=("$t"); fi
  done
done
if [[ ${#selected[@]} -eq 0 ]]; then
  echo "bench fuzz: no target matches '$target'; targets:" >&2
  printf '  %s\n' "${TARGETS[@]##*.}" >&2
  exit 2
fi

cd "$ROOT"
classpath_file="$ROOT/fuzz/target/fuzz.classpath"
# Compiles the targets (and what they test) when any source or POM is newer than the last build.
if [[ ! -f "$classpath_file" ]] || [[ -n "$(find "$ROOT/pom.xml" "$ROOT/shared" "$ROOT/functions" "$ROOT/local" "$ROOT/fuzz" \
      -type f \( -path '*/src/main/*' -o -path '*/src/test/java/*' -o -name 'pom.xml' \) -newer "$classpath_file" -print -quit)" ]]; then
  echo "gatehouse: compiling the fuzz targets..." >&2
  mvn -B -ntp -q test-compile dependency:build-classpath -pl fuzz -am \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test >&2
  touch "$classpath_file"
fi
classpath="$ROOT/fuzz/target/test-classes:$ROOT/fuzz/target/classes:$(cat "$classpath_file")"
logs="$ROOT/fuzz/target/fuzz-logs"
mkdir -p "$logs"

printf '%-52s %12s %9s %7s %7s %8s %s\n' target executions exec/s cov ft seconds findings
status=0
for t in "${selected[@]}"; do
  log="$logs/${t##*.}.log"
  start=$(date +%s)
  set +e
  (cd "$ROOT/fuzz" && JAZZER_FUZZ=1 "$JAVA_HOME/bin/java" -Xmx"$heap" -XX:+EnableDynamicAgentLoading \
    --enable-native-access=ALL-UNNAMED -Djazzer.instrument='dev.gatehouse.**' \
    -Djazzer.max_executions="$executions" -Djazzer.max_duration=4h \
    -cp "$classpath" dev.gatehouse.fuzz.FuzzMain "$t" >"$log" 2>&1)
  rc=$?
  set -e
  seconds=$(( $(date +%s) - start ))
  # libFuzzer's last status line: "#N DONE cov: C ft: F corp: ... exec/s: E rss: R"
  line="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
  runs="$(sed -E 's/^#([0-9]+).*/\1/' <<<"$line")"
  cov="$(grep -oE 'cov: [0-9]+' <<<"$line" | cut -d' ' -f2 || true)"
  ft="$(grep -oE 'ft: [0-9]+' <<<"$line" | cut -d' ' -f2 || true)"
  eps="$(grep -oE 'exec/s: [0-9]+' <<<"$line" | cut -d' ' -f2 || true)"
  if [[ $rc -eq 0 ]]; then
    findings=0
  else
    findings="1: $(grep -m1 -oE '(== Java Exception: |FuzzTestFindingException: |OutOfMemoryError).*' "$log" | cut -c1-120 || echo "exit $rc, see $log")"
    status=1
  fi
  printf '%-52s %12s %9s %7s %7s %8s %s\n' "${t#dev.gatehouse.}" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "$seconds" "$findings"
done
echo "logs: $logs" >&2
exit $status
