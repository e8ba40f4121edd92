package dev.lazynet.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.data.LabeledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch peer says why it has no run where the Python it is given cannot run the job, and hands the
 * seed to the script and back with the run.
 */
class TorchPeerTest {

    private static final LabeledImages TWO = new LabeledImages(1, 2, new float[] {0, 1, 1, 0}, new int[] {0, 1});

    @Test
    void aPythonThatDoesNotExistGivesNoRunAndSaysWhichAndWhatToPass() throws Exception {
        TorchPeer peer = TorchPeer.on("/nonexistent/python3", TWO, TWO);
        try {
            TorchPeer.Outcome outcome = peer.fit(1, 1, 2, 1e-3, 1, "relu");
            assertNull(outcome.run());
            assertTrue(outcome.missing().startsWith("no Python at '/nonexistent/python3'"), outcome.missing());
            assertTrue(outcome.missing().endsWith("pass one that has torch with --torch-python"), outcome.missing());
        } finally {
            peer.delete();
        }
    }

    @Test
    void theLenetFitOfAPythonThatDoesNotExistGivesNoRunAndSaysWhatToPass() throws Exception {
        TorchPeer peer = TorchPeer.on("/nonexistent/python3", TWO, TWO);
        try {
            TorchPeer.Outcome outcome = peer.fitLenet(1, 2, 2, 1e-3, 1);
            assertNull(outcome.run());
            assertTrue(outcome.missing().startsWith("no Python at '/nonexistent/python3'"), outcome.missing());
        } finally {
            peer.delete();
        }
    }

    @Test
    void aProgramThatFailsGivesNoRunWithItsExitStatus() throws Exception {
        TorchPeer peer = TorchPeer.on("false", TWO, TWO);
        try {
            TorchPeer.Outcome outcome = peer.fit(1, 1, 2, 1e-3, 1, "relu");
            assertNull(outcome.run());
            assertEquals("false could not run the job (exit 1: nothing on standard error); install torch (pip"
                    + " install torch) into a Python and pass it with --torch-python", outcome.missing());
        } finally {
            peer.delete();
        }
    }

    @Test
    void theSeedOfAFitReachesTheScriptAndComesBackWithItsRun(@TempDir Path dir) throws Exception {
        // A stand-in for Python that answers as torch_peer.py does, with the seed it was given.
        Path python = dir.resolve("python");
        Files.writeString(python, "#!/bin/sh\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --seed ] && seed=$2; shift; done\n"
                + "echo '{\"torch\": \"stand-in\", \"threads\": 2, \"seed\": '$seed', \"epoch_seconds\": [0.5, 0.25],"
                + " \"accuracy\": [0.84, 0.86]}'\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        TorchPeer peer = TorchPeer.on(python.toString(), TWO, TWO);
        try {
            TorchPeer.Outcome outcome = peer.fit(2, 2, 2, 1e-3, 3, "relu");
            assertNull(outcome.missing(), outcome.missing());
            TorchPeer.Run run = outcome.run();
            assertEquals(3, run.seed());
            assertEquals(2, run.threads());
            assertEquals(0.25, run.epochSeconds()[1]);
            assertEquals(0.86, run.accuracy()[1]);
        } finally {
            peer.delete();
        }
    }
}
