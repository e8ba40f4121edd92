package dev.lazynet.examples.it;

import dev.lazynet.examples.cli.ResultLine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A Spark standalone master and two workers as local processes, and a job submitted to them. */
@Tag("cluster")
class StandaloneClusterIT {

    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        Path logs = ItSettings.examplesJar().resolveSibling("it-logs").resolve("standalone");
        cluster = StandaloneCluster.start(logs, 2, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aJobSubmittedInClientModeRunsOnBothWorkersAndPrintsItsResults() throws Exception {
        ClusterJob job = ClusterJob.current();
        String last = cluster.submit(job, Duration.ofMinutes(4));
        job.check().accept(ResultLine.parse(last));
    }
}
