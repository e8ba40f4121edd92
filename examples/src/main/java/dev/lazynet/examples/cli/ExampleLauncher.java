package dev.lazynet.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs an example's picocli command (one job, or the command whose subcommands are the jobs) and turns
 * every failure into one line on standard error that names the problem and the fix, with a stack trace
 * only under {@code --verbose}.
 *
 * <p>Exit codes: 0 success, 1 the job failed, 2 the command line was wrong.
 */
public final class ExampleLauncher {

    /** Exit code of a job that failed while running. */
    public static final int FAILED = 1;
    /** Exit code of a command line that could not be parsed. */
    public static final int USAGE = 2;

    private ExampleLauncher() {
    }

    /** Runs {@code command} with {@code args} and exits the JVM with its exit code; for {@code main}. */
    public static void exit(Object command, String[] args) {
        System.exit(run(command, System.out, System.err, args));
    }

    /** Runs {@code command} with {@code args}; help goes to {@code out}, errors to {@code err}. */
    public static int run(Object command, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = command instanceof CommandLine given ? given : new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            err.println(failed.getCommandName() + ": " + describe(e) + "; see "
                    + failed.getCommandSpec().qualifiedName() + " --help");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            boolean verbose = verbose(parsed);
            err.println(commandLine.getCommandName() + ": " + describe(e)
                    + (verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return FAILED;
        });
        return cli.execute(args);
    }

    /** Whether {@code --verbose} was given to the command or any of its subcommands. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An {@link ExampleException} already says what to do, and so does an error LazyNet raised, however
     * deep Spark wrapped it (a failed job, a {@code CrossValidator}'s thread); anything else is named by
     * its type too.
     */
    private static String describe(Throwable e) {
        if (e instanceof ExampleException) {
            return oneLine(e.getMessage());
        }
        Throwable lazyNet = innermostLazyNetError(e);
        if (lazyNet != null) {
            return oneLine(lazyNet.getMessage());
        }
        String message = e.getMessage() != null ? ": " + oneLine(e.getMessage()) : "";
        return "failed with " + e.getClass().getName() + message;
    }

    /**
     * The innermost cause that LazyNet's library code threw to name a mistake: an
     * {@link IllegalArgumentException} or {@link IllegalStateException} raised in {@code dev.lazynet} outside
     * these examples; {@code null} if there is none.
     */
    static Throwable innermostLazyNetError(Throwable e) {
        Throwable found = null;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            StackTraceElement[] trace = t.getStackTrace();
            boolean mistake = t instanceof IllegalArgumentException || t instanceof IllegalStateException;
            if (mistake && t.getMessage() != null && trace.length > 0
                    && trace[0].getClassName().startsWith("dev.lazynet.")
                    && !trace[0].getClassName().startsWith("dev.lazynet.examples.")) {
                found = t;
            }
        }
        return found;
    }

    /**
     * The mistake, with picocli's suggestions; a word where a job's name belongs is named as an unknown
     * job, with the list of jobs.
     */
    private static String describe(ParameterException e) {
        CommandLine failed = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> candidates = unmatched.getSuggestions();
            String suggestions = candidates.isEmpty() ? "" : "; did you mean " + String.join(" or ", candidates) + "?";
            List<String> words = unmatched.getUnmatched();
            if (!failed.getSubcommands().isEmpty() && !unmatched.isUnknownOption() && !words.isEmpty()) {
                // The closest job is enough, since the list of all of them follows.
                String closest = candidates.isEmpty() ? "" : "; did you mean " + candidates.get(0) + "?";
                return "unknown job '" + words.get(0) + "'" + closest + "; the jobs are: " + jobs(failed);
            }
            return oneLine(e.getMessage()) + suggestions;
        }
        return oneLine(e.getMessage());
    }

    /** The names of {@code command}'s subcommands, in the order they were added. */
    public static String jobs(CommandLine command) {
        return String.join(", ", command.getSubcommands().keySet());
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
