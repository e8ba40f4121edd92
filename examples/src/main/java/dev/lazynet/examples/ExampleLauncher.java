package dev.lazynet.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs an example job's picocli command and turns every failure into one line on standard error that
 * names the problem and the fix, with a stack trace only under {@code --verbose}.
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
        CommandLine cli = new CommandLine(command);
        String name = cli.getCommandName();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println(name + ": " + oneLine(e.getMessage()) + suggestions(e) + "; see " + name + " --help");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            err.println(name + ": " + describe(e) + (verbose(parsed) ? "" : " (--verbose shows the stack trace)"));
            if (verbose(parsed)) {
                e.printStackTrace(err);
            }
            return FAILED;
        });
        return cli.execute(args);
    }

    private static boolean verbose(ParseResult parsed) {
        return parsed.hasMatchedOption("--verbose");
    }

    /** An {@link ExampleException} already says what to do; anything else is named by its type too. */
    private static String describe(Throwable e) {
        if (e instanceof ExampleException) {
            return oneLine(e.getMessage());
        }
        String message = e.getMessage() != null ? ": " + oneLine(e.getMessage()) : "";
        return "failed with " + e.getClass().getName() + message;
    }

    private static String suggestions(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> candidates = unmatched.getSuggestions();
            if (!candidates.isEmpty()) {
                return "; did you mean " + String.join(" or ", candidates) + "?";
            }
        }
        return "";
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
