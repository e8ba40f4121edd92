package dev.lazynet.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.cli.ExampleException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    private PrintStream notes() {
        return new PrintStream(notes, true, StandardCharsets.UTF_8);
    }

    private Path dataSet(Path folder, int trainCount, int testCount) throws IOException {
        IdxFiles.images(folder.resolve(FashionMnist.TRAIN_IMAGES), trainCount, 4, 3);
        IdxFiles.labels(folder.resolve(FashionMnist.TRAIN_LABELS), new int[trainCount]);
        IdxFiles.images(folder.resolve(FashionMnist.TEST_IMAGES), testCount, 4, 3);
        IdxFiles.labels(folder.resolve(FashionMnist.TEST_LABELS), new int[testCount]);
        return folder;
    }

    @Test
    void theDataFolderIsReadWhenGiven() throws IOException {
        Path data = dataSet(dir.resolve("given"), 5, 2);
        FashionMnist set = FashionMnist.load(data, dir.resolve("system"), notes());
        assertEquals(5, set.train().count());
        assertEquals(2, set.test().count());
        assertEquals(12, set.train().pixelsPerImage());
        assertEquals(data.toString(), set.source());
        assertFalse(set.isBundled());
        assertEquals("", notes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDataFolderMissingAFileNamesTheMissingFile() throws IOException {
        Path data = dataSet(dir.resolve("given"), 5, 2);
        Files.delete(data.resolve(FashionMnist.TEST_LABELS));
        ExampleException e = assertThrows(ExampleException.class,
                () -> FashionMnist.load(data, dir.resolve("system"), notes()));
        assertTrue(e.getMessage().contains("--data " + data + " lacks t10k-labels-idx1-ubyte.gz;"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void theSystemFolderIsUsedWhenNoDataFolderIsGiven() throws IOException {
        Path system = dataSet(dir.resolve("system"), 3, 1);
        FashionMnist set = FashionMnist.load(null, system, notes());
        assertEquals(3, set.train().count());
        assertEquals(system.toString(), set.source());
    }

    @Test
    void withoutTheDataTheBundledSubsetIsUsedAfterSayingHowToGetTheFullSet() {
        FashionMnist set = FashionMnist.load(null, dir.resolve("empty"), notes());
        assertEquals(8000, set.train().count());
        assertEquals(2000, set.test().count());
        assertTrue(set.isBundled());
        assertEquals(28, set.train().rows());
        assertEquals(28, set.test().cols());
        String note = notes.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("apt-get install dataset-fashion-mnist"), note);
        assertTrue(note.contains("bundled Fashion-MNIST subset (8000 train, 2000 test images)"), note);
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRejectedNamingBothFiles() throws IOException {
        Path data = dataSet(dir.resolve("given"), 5, 2);
        IdxFiles.labels(data.resolve(FashionMnist.TRAIN_LABELS), 0, 1, 2, 3);
        ExampleException e = assertThrows(ExampleException.class,
                () -> FashionMnist.load(data, dir.resolve("system"), notes()));
        assertTrue(e.getMessage().contains(data.resolve(FashionMnist.TRAIN_IMAGES) + " holds 5 images but "
                + data.resolve(FashionMnist.TRAIN_LABELS) + " holds 4 labels"), e.getMessage());
    }

    @Test
    void aLabelOutsideTheTenClassesIsRejectedWithItsPosition() throws IOException {
        Path data = dataSet(dir.resolve("given"), 3, 2);
        IdxFiles.labels(data.resolve(FashionMnist.TEST_LABELS), 4, 12);
        ExampleException e = assertThrows(ExampleException.class,
                () -> FashionMnist.load(data, dir.resolve("system"), notes()));
        assertTrue(e.getMessage().contains("has label 12 at item 1"), e.getMessage());
        assertTrue(e.getMessage().contains("classes 0..9"), e.getMessage());
    }
}
