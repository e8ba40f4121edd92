package dev.lazynet.nn;

import dev.lazynet.tensor.Shape;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Formats the table that {@link Layer#summary()} returns. */
final class Summary {

    private Summary() {
    }

    /**
     * One table row: position, description, output shape, and the layer's parameters.
     *
     * @param undeclared the parameters the layer will declare once the data says how many, e.g. an embed
     *     layer's tables before the fit; {@code null} if none
     */
    record Row(String position, String layer, String output, Map<String, Parameter> params, String undeclared) {
    }

    static Row row(String position, Layer layer) {
        Shape out = layer.outputShape();
        String undeclared = layer instanceof Embed embed ? embed.undeclaredTables() : null;
        if (undeclared != null && !position.isEmpty()) {
            undeclared = position + "." + undeclared;
        }
        return new Row(position, layer.describe(), out == null ? "?" : out.toString(), layer.parameters(),
                undeclared);
    }

    static String table(List<Row> rows) {
        String[] header = {"#", "Layer", "Output shape", "Parameters", "Count"};
        String[][] cells = new String[rows.size()][];
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        long total = 0;
        boolean unknown = false;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            StringBuilder params = new StringBuilder();
            long count = 0;
            boolean rowUnknown = false;
            for (Parameter p : r.params().values()) {
                if (params.length() > 0) {
                    params.append(", ");
                }
                params.append(p.name()).append(' ').append(p.shape());
                if (p.shape().isKnown()) {
                    count += p.shape().size();
                } else {
                    rowUnknown = true;
                }
                if (seen.put(p, Boolean.TRUE) == null) {
                    if (p.shape().isKnown()) {
                        total += p.shape().size();
                    } else {
                        unknown = true;
                    }
                }
            }
            if (r.undeclared() != null) {
                params.append(params.length() > 0 ? ", " : "").append(r.undeclared());
                rowUnknown = true;
                unknown = true;
            }
            cells[i] = new String[] {r.position(), r.layer(), r.output(), params.toString(),
                    rowUnknown ? "?" : Long.toString(count)};
        }
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] cell : cells) {
                width[c] = Math.max(width[c], cell[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, header, width);
        for (String[] cell : cells) {
            appendLine(sb, cell, width);
        }
        sb.append("Total parameters: ").append(unknown ? "? (some shapes are not known yet)" : Long.toString(total))
                .append('\n');
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            sb.append(cells[c]);
            if (c < cells.length - 1) {
                sb.append(" ".repeat(width[c] - cells[c].length() + 2));
            }
        }
        sb.append('\n');
    }
}
