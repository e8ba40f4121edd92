package dev.lazynet.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    @Test
    void imagesAreReadWithTheirDimensionsAndScaledToTheUnitInterval() throws IOException {
        Path file = IdxFiles.write(dir.resolve("images.gz"),
                IdxFiles.raw(Idx.IMAGES_MAGIC, new int[] {2, 2, 3}, new byte[] {0, 51, 102, (byte) 153,
                        (byte) 204, (byte) 255, 1, 2, 3, 4, 5, 6}));
        Idx.Images images = Idx.readImages(file);
        assertEquals(2, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        assertEquals(6, images.pixelsPerImage());
        assertArrayEquals(new float[] {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f}, Arrays.copyOf(images.pixels(), 6), 1e-6f);
        assertEquals(6 / 255f, images.pixels()[11], 1e-6f);
    }

    @Test
    void labelsAreReadAsUnsignedBytes() throws IOException {
        Path file = IdxFiles.labels(dir.resolve("labels.gz"), 0, 9, 200);
        assertArrayEquals(new int[] {0, 9, 200}, Idx.readLabels(file));
    }

    @Test
    void aLabelFileReadAsImagesNamesBothMagicNumbers() throws IOException {
        Path file = IdxFiles.labels(dir.resolve("labels.gz"), 1, 2);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic number 2049 (0x00000801)"), e.getMessage());
        assertTrue(e.getMessage().contains("starts with 2051"), e.getMessage());
    }

    @Test
    void anImageFileReadAsLabelsIsRejected() throws IOException {
        Path file = IdxFiles.images(dir.resolve("images.gz"), 1, 2, 2);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains("magic number 2051"), e.getMessage());
        assertTrue(e.getMessage().contains("a label file starts with 2049"), e.getMessage());
    }

    @Test
    void aTruncatedBodyIsReportedWithTheBytesFoundAndAnnounced() throws IOException {
        Path file = IdxFiles.write(dir.resolve("short.gz"),
                IdxFiles.raw(Idx.IMAGES_MAGIC, new int[] {3, 28, 28}, new byte[1000]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().contains("holds 1000 data bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("3 images of 28x28 = 2352 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheAnnouncedDataAreRejected() throws IOException {
        Path file = IdxFiles.write(dir.resolve("long.gz"),
                IdxFiles.raw(Idx.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2, 3}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains("more than the 2 data bytes"), e.getMessage());
    }

    @Test
    void aFileCutInsideItsHeaderIsReported() throws IOException {
        Path file = IdxFiles.write(dir.resolve("header.gz"), new byte[] {0, 0, 8, 3, 0, 0});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().contains("ends after 6 bytes, inside its 16-byte header"), e.getMessage());
    }

    @Test
    void aGzipStreamCutShortIsReportedAsTruncated() throws IOException {
        byte[] whole = IdxFiles.gzip(IdxFiles.raw(Idx.LABELS_MAGIC, new int[] {500}, new byte[500]));
        Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(whole, whole.length - 12));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains(file + " ends in the middle of its gzip stream"), e.getMessage());
    }

    @Test
    void anUncompressedFileIsRejectedAsNotGzip() throws IOException {
        Path file = Files.write(dir.resolve("plain"), IdxFiles.raw(Idx.LABELS_MAGIC, new int[] {1}, new byte[1]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains(file + " is not a valid gzip file"), e.getMessage());
    }

    @Test
    void aNegativeDimensionInTheHeaderIsRejected() throws IOException {
        Path file = IdxFiles.write(dir.resolve("negative.gz"),
                IdxFiles.raw(Idx.IMAGES_MAGIC, new int[] {1, -28, 28}, new byte[0]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().contains("dimension 1 = -28"), e.getMessage());
    }

    @Test
    void aHeaderAnnouncingMoreThanAnArrayHoldsIsRejectedBeforeReading() throws IOException {
        Path file = IdxFiles.write(dir.resolve("huge.gz"),
                IdxFiles.raw(Idx.IMAGES_MAGIC, new int[] {100_000_000, 28, 28}, new byte[0]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().contains("78400000000 bytes"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.gz");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains(file + " does not exist"), e.getMessage());
    }
}
