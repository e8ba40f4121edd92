package dev.lazynet.examples.cli;

import java.nio.file.Files;
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

    /**
     * Checks, before any work, that {@code --out} can be a folder: a path that is a file, or inside one,
     * would otherwise be refused only when the results are written, after the training.
     *
     * @throws ExampleException naming the file in the way
     */
    public void requireFolder() {
        for (Path p = out().toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new ExampleException("--out " + out() + (p.equals(out().toAbsolutePath()) ? " is a file"
                            : " is inside " + p + ", which is a file") + ", but it must name a folder for the job's"
                            + " results; give another path, or move the file away");
                }
                return;
            }
        }
    }
}
