#!/usr/bin/env bash
# The whole comparison in one go (issue 8), under 20 minutes on 2 cores: one JMH run with the kernels, the
# scalar twins, matmul, read bandwidth, FMA peak, decode (alone, and interleaved with the read pass), radinfer
# vs Jlama (kernels and end to end),
# protection overhead (per-preset forks, and the presets interleaved in one fork), scrub pass and injection
# seams; the report (docs/performance.md, docs/protection.md) and the host calibration from it; then the
# budgeted decode on every hardware profile with that calibration (docs/hardware-profiles.md).
#
# Settings are short but stable: one fork per configuration, 2 x 1 s warm-up, 3 x 1 s measurement
# (JMH_ARGS overrides them; e.g. JMH_ARGS="-f 1 -wi 0 -i 1 -r 1s" for a smoke run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
start=$SECONDS
args="${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
cmd="benchmarks/compare.sh${JMH_ARGS:+ (JMH_ARGS=\"$JMH_ARGS\")}"

# What Jlama cannot run (8-bit weights, rows of 11008, GGUF files); also writes the synthetic GGUF once.
# shellcheck disable=SC2086
"$java" $flags -cp "$jar" io.radinfer.bench.JlamaProbe 2>/dev/null | tee "$out/jlama-probe.log"

# shellcheck disable=SC2086
jmh compare $args '\.(KernelBench|KernelScalarBench|MatmulBench|BandwidthBench|FmaPeakBench|DecodeBench|PeerMatvecBench|PeerMatmulBench|PeerEndToEndBench|ProtectionOverheadBench|ScrubPassBench|InjectorSeamBench)\.'

calibration="$root/.radinfer-cache/host-calibration.json"
report --command "$cmd" --write-calibration "$calibration" "$out/compare.json"

# The simulator reads the calibration just written (BudgetedDecodeBench: $RADINFER_CALIBRATION); one
# simulated orbit per configuration, 1 x 1 s warm-up and measurement (the figures are simulated, not timed).
# shellcheck disable=SC2086
RADINFER_CALIBRATION="$calibration" jmh budgeted ${JMH_ARGS:--f 1} '\.BudgetedDecodeBench\.'
report --command "$cmd" "$out/compare.json" "$out/budgeted.json"
echo "bench: compare.sh done in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s" >&2
