package io.radinfer.faults.campaign;

import java.io.IOException;

/** Where finished injections go, one at a time, from whichever thread finished them. */
@FunctionalInterface
public interface ResultSink {

    /** Takes one result; called under the runner's lock, never concurrently. */
    void accept(InjectionResult result) throws IOException;
}
