package io.radinfer.cli;

import picocli.CommandLine;

/**
 * Prints a failed command's error as one readable line (the typed exceptions' messages already name the
 * file, offset and field) and returns exit code 1. With the environment variable {@code RADINFER_DEBUG}
 * set, the stack trace is printed too.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        String kind = ex.getClass().getSimpleName();
        cmd.getErr().println("radinfer " + cmd.getCommandName() + ": " + kind + ": " + ex.getMessage());
        if (System.getenv("RADINFER_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
