/**
 * Turning a logits vector into the next token id: greedy argmax, temperature sampling and top-p (nucleus)
 * sampling, each a faithful transcription of llama2.c's {@code run.c} so that a seeded run reproduces its
 * token ids exactly.
 *
 * <p>Entry point: {@link io.radinfer.runtime.sample.Samplers#runC(float, float, long, int)}. Samplers
 * allocate nothing per call, keep their random state, and are not thread-safe: use one per session.
 */
package io.radinfer.runtime.sample;
