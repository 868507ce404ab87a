package io.radinfer.cli;

import picocli.CommandLine;

/**
 * Prints a failed command's error as one readable line (the typed exceptions' messages already name the
 * file, offset and field) and returns exit code 1. With the environment variable {@code RADINFER_DEBUG}
 * set, the stack trace is printed too. Bad usage gets one line too ({@link #badUsage}), exit code 2.
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

    /**
     * Bad usage (an unknown option, a value that does not parse, a missing required option): one line naming
     * the command and what is wrong, and where the options are listed; exit code 2.
     */
    static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + ex.getMessage() + " (" + name + " --help lists the options)");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
