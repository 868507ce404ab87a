/**
 * The soak: continuous generation under a high fault rate, with every fault counted from injection to detection,
 * correction or escape (checked against a clean shadow run), and the heap and GC watched over hours. The command is
 * {@code radinfer soak}; {@link io.radinfer.faults.soak.Soak#run} is the engine.
 */
package io.radinfer.faults.soak;
