package dev.lazynet.examples;

import dev.lazynet.examples.bench.Benchmark;
import dev.lazynet.examples.bench.KernelBenchmark;
import dev.lazynet.examples.bench.ScalingBenchmark;
import dev.lazynet.examples.bench.ServingBenchmark;
import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The one command of the examples, with each job as a subcommand: {@code LazyNetExamples JOB [options]}.
 * {@code examples/run.sh} runs it, and so can {@code spark-submit --class dev.lazynet.examples.LazyNetExamples
 * JAR JOB [options]}; each job's own main class runs that job alone.
 *
 * <p>The name in its usage line is the system property {@value #NAME_PROPERTY}, which {@code run.sh}
 * sets to its own path, else {@code lazynet-examples}.
 */
@Command(name = "${sys:" + LazyNetExamples.NAME_PROPERTY + ":-lazynet-examples}", synopsisSubcommandLabel = "JOB",
        description = "Runs one of LazyNet's example jobs; JOB --help lists the job's options.",
        commandListHeading = "%nJobs:%n",
        footer = {"", "The last line a job prints to standard output is its results as key=value pairs. Exit codes: 0"
                + " success, 1 the job failed, 2 a mistake on the command line.",
            "Under examples/run.sh: JAVA_HOME selects the Java (17 or later); JAVA_OPTS adds JVM options (e.g."
                    + " -Xmx8g); OPENBLAS_NUM_THREADS defaults to 1."})
public final class LazyNetExamples implements Callable<Integer> {

    /** The system property that names the command in its usage line. */
    public static final String NAME_PROPERTY = "lazynet.command";

    @Spec
    private CommandSpec spec;
    @Mixin
    private HelpOption help;

    private LazyNetExamples() {
    }

    /** The command with every job as a subcommand, each printing its report to {@code out}. */
    public static CommandLine command(PrintStream out) {
        return new CommandLine(new LazyNetExamples())
                .addSubcommand(new FashionMnistMlp(out))
                .addSubcommand(new FashionMnistLenet(out))
                .addSubcommand(new PipelineTuning(out))
                .addSubcommand(new TabularEmbeddings(out))
                .addSubcommand(new DeferredInitTour(out))
                .addSubcommand(new Benchmark(out))
                .addSubcommand(new KernelBenchmark(out))
                .addSubcommand(new ScalingBenchmark(out))
                .addSubcommand(new ExportOnnx(out))
                .addSubcommand(new ServingBenchmark(out));
    }

    /**
     * Runs the job named first in {@code args} with the rest as its options.
     *
     * @param args a job and its options; {@code --help} lists the jobs
     */
    public static void main(String[] args) {
        ExampleLauncher.exit(command(System.out), args);
    }

    /** Without a job there is nothing to run: a usage error that lists the jobs. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no job given; the jobs are: "
                + ExampleLauncher.jobs(spec.commandLine()));
    }
}
