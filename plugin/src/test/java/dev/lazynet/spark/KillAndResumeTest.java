package dev.lazynet.spark;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of a fit and started again resumes from its
 * latest checkpoint and ends with the weights of a fit that was never interrupted.
 */
@Tag("process")
class KillAndResumeTest extends SparkTestBase {

    private static final int EPOCHS = 8;
    /** The process is killed once the checkpoint of this epoch (or a later one) exists. */
    private static final int KILL_AFTER_EPOCH = 2;
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** Often enough to kill the process before it finishes the next epoch. */
    private static final Duration POLL = Duration.ofMillis(10);

    @TempDir
    Path dir;

    private Process start(String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("lazynet.test.executorJavaOptions").trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CheckpointedFitProcess.class.getName(), dir.resolve("checkpoints").toString(),
                dir.resolve("result.bin").toString(), Integer.toString(EPOCHS)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** The highest epoch with a complete checkpoint, or 0. */
    private int latestCheckpoint() throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("epoch-\\d+\\.ckpt"))
                    .mapToInt(n -> Integer.parseInt(n.substring(6, n.length() - 5))).max().orElse(0);
        }
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    @Test
    void aProcessKilledMidFitAndRestartedEndsWithTheWeightsOfAnUninterruptedFit() throws Exception {
        float[] uninterrupted = CheckpointedFitProcess.classifier(EPOCHS)
                .fit(TestData.frame(spark, CheckpointedFitProcess.DATA, CheckpointedFitProcess.PARTITIONS)).weights();

        Process first = start("first");
        await("a checkpoint of epoch " + KILL_AFTER_EPOCH + " (log: " + dir.resolve("first.log") + ")")
                .atMost(DEADLINE).pollInterval(POLL)
                .failFast(() -> assertTrue(first.isAlive(), "the process ended early:\n" + log("first")))
                .until(this::latestCheckpoint, epoch -> epoch >= KILL_AFTER_EPOCH);
        first.destroyForcibly();
        assertTrue(first.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        int killedAt = latestCheckpoint();
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        assertFalse(Files.exists(dir.resolve("result.bin")), "the first process had finished before the kill");

        Process second = start("second");
        assertTrue(second.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the restarted process did not end");
        assertEquals(0, second.exitValue(), log("second"));
        try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("result.bin")))) {
            int resumedFrom = in.readInt();
            float[] weights = new float[in.readInt()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = in.readFloat();
            }
            assertEquals(killedAt, resumedFrom, "the restart resumes from the last checkpoint the killed one wrote");
            assertTrue(resumedFrom >= KILL_AFTER_EPOCH && resumedFrom < EPOCHS, "resumed from " + resumedFrom);
            assertArrayEquals(uninterrupted, weights);
        }
    }
}
