package dev.lazynet.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.data.LabeledImages;
import org.junit.jupiter.api.Test;

/** The PyTorch peer says why it has no run where the Python it is given cannot run the job. */
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
}
