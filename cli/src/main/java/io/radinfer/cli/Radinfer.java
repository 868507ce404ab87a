package io.radinfer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code radinfer} command: one subcommand per job. Exit codes: 0 success, 1 a runtime failure
 * (a typed error is printed, never a stack trace unless {@code RADINFER_DEBUG} is set), 2 bad usage.
 */
@Command(name = "radinfer",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Quantized transformer inference for satellite-class CPUs that stays correct while radiation flips bits.",
        subcommands = {DemoCommand.class, RunCommand.class, LogitsCommand.class, QuantizeCommand.class,
            BenchCommand.class, ProfilesCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
public final class Radinfer {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with radinfer's error handling, for tests that capture its output. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Radinfer());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }
}
