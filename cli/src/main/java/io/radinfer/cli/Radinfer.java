package io.radinfer.cli;

import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
            BenchCommand.class, ProfilesCommand.class, SimulateCommand.class, CampaignCommand.class,
            MergeCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class Radinfer {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on stdout/stderr, UTF-8 whatever the platform charset, and returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command line with radinfer's error handling, for tests that capture its output and the fuzz tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Radinfer());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler(ErrorReporter::badUsage);
        return cl;
    }
}
