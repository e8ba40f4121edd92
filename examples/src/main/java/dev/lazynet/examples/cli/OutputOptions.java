package dev.lazynet.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --out}, for the jobs that write files, mixed in with {@code @Mixin}. */
public final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec job;

    @Option(names = "--out", paramLabel = "DIR",
            description = "folder for the metrics CSV and chart (default: target/examples/JOB)")
    private Path out;

    /** The name of the job these options belong to. */
    public String jobName() {
        return job.name();
    }

    /** The output folder: {@code --out}, or {@code target/examples/<job name>}. */
    public Path out() {
        return out != null ? out : Path.of("target", "examples", job.name());
    }
}
