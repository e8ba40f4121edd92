package dev.lazynet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsWriterTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private MetricsWriter.Written write(Path folder, List<Double> loss, List<Double> accuracy) {
        return MetricsWriter.write(folder, "demo-job", loss, accuracy,
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void lossAndAccuracyGoToACsvAndAChartAndTheirPlaceIsPrinted() throws IOException {
        Path folder = dir.resolve("run/out");
        MetricsWriter.Written written = write(folder, List.of(2.25, 1.5, 0.75), List.of(0.5, 0.625, 0.875));
        assertEquals(folder.resolve("metrics.csv"), written.csv());
        assertEquals(List.of("epoch,loss,accuracy", "1,2.25,0.5", "2,1.5,0.625", "3,0.75,0.875"),
                Files.readAllLines(written.csv()));
        BufferedImage png = ImageIO.read(written.png().toFile());
        assertNotNull(png, "not a readable image: " + written.png());
        assertEquals(MetricsWriter.WIDTH, png.getWidth());
        assertEquals(MetricsWriter.HEIGHT, png.getHeight());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(written.csv().toString()) && printed.contains(written.png().toString()), printed);
    }

    @Test
    void withoutAccuracyOnlyTheLossIsWritten() throws IOException {
        MetricsWriter.Written written = write(dir, List.of(1.0), List.of());
        assertEquals(List.of("epoch,loss", "1,1.0"), Files.readAllLines(written.csv()));
        assertNotNull(ImageIO.read(written.png().toFile()));
    }

    @Test
    void accuracyOfADifferentLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(dir, List.of(1.0, 0.5), List.of(0.9)));
        assertTrue(e.getMessage().contains("2 loss values but 1 accuracy values"), e.getMessage());
    }

    @Test
    void noEpochsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(dir, List.of(), List.of()));
        assertTrue(e.getMessage().contains("No epochs to write to " + dir), e.getMessage());
    }
}
