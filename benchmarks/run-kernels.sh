#!/usr/bin/env bash
# Issue 2's kernel set in one JMH run: matvec (F32, Q8_0, Q4_0; float and integer path) at 4096x4096,
# 11008x4096, 4096x11008 on 1 and 2 threads, the scalar twins at 1 thread, matmul at batch 32/64/128, the
# read bandwidth and the FMA peak; then the report rewrites docs/performance.md's kernels and targets sections.
#
#   benchmarks/run-kernels.sh                   default settings (JMH_ARGS overrides them)
#   JMH_ARGS="-f 1 -wi 0 -i 1 -r 1s" benchmarks/run-kernels.sh     a smoke run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
start=$SECONDS
# shellcheck disable=SC2086
jmh kernels ${JMH_ARGS:--f 1 -wi 2 -w 1s -i 5 -r 1s} \
  '\.(KernelBench|KernelScalarBench|MatmulBench|BandwidthBench|FmaPeakBench)\.'
report --command "benchmarks/run-kernels.sh${JMH_ARGS:+ (JMH_ARGS=\"$JMH_ARGS\")}" "$out/kernels.json"
echo "bench: done in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s" >&2
