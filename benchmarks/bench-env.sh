# Sourced by run-kernels.sh and compare.sh: selects JDK 25 the way ./radinfer does, (re)builds the JMH jar
# through the wrapper when it is missing or older than the sources, and sets $java, $flags, $jar and $out.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
JAVA_HOME="$(./radinfer --java-home)"
export JAVA_HOME
java="$JAVA_HOME/bin/java"
jar="$root/benchmarks/target/benchmarks.jar"
stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root" -maxdepth 1 -name pom.xml -newer "$jar" -print -quit)" ]] && return 0
  [[ -n "$(find "$root"/*/src/main "$root"/*/pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]] && return 0
  return 1
}
if stale; then
  echo "bench: building $jar (missing or older than the sources) ..." >&2
  ./mvnw -q -B -DskipTests -pl benchmarks -am package
fi
# The JVM flags live in one place, the parent pom; JMH forks inherit them from this JVM and get them again
# from each benchmark's @Fork(jvmArgsAppend).
flags="$(sed -n 's:.*<radinfer.jvm.flags>\(.*\)</radinfer.jvm.flags>.*:\1:p' "$root/pom.xml")"
out="${RADINFER_BENCH_OUT:-$root/bench-out}"
export RADINFER_BENCH_OUT="$out"
mkdir -p "$out"
echo "bench: JDK $("$java" -version 2>&1 | head -n 1) at $JAVA_HOME; results in $out" >&2

# jmh NAME ARGS...: one JMH run writing $out/NAME.json (and its log to $out/NAME.log).
jmh() {
  local name="$1"
  shift
  # shellcheck disable=SC2086  # $flags is a word list
  "$java" $flags -jar "$jar" "$@" -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.log" \
    | grep --line-buffered -E '^# (Benchmark|Parameters):|^(Benchmark|[A-Za-z]+Bench\.)' || true
  [[ -s "$out/$name.json" ]] || { echo "bench: JMH wrote no results ($out/$name.log)" >&2; return 1; }
  local failed
  failed="$(grep -c '^<failure>' "$out/$name.log" || true)"
  if [[ "$failed" != 0 ]]; then
    echo "bench: $failed configuration(s) failed; their tables show '-' (stack traces in $out/$name.log)" >&2
  fi
}

# report ARGS...: the report step (Markdown tables into docs/, optionally the host calibration).
report() {
  "$java" $flags -cp "$jar" io.radinfer.bench.Report --bench-out "$out" "$@"
}
