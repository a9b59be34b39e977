package io.plantwire.mapper.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads field maps from CSV, so that assets with hundreds of fields need not be typed into a form.
 *
 * <pre>
 * # comment lines and blank lines are skipped
 * field,device,point,unit
 * power,meter-2,activePower,kW
 * temperature,temperature-reader,tank2Temperature,Cel
 * </pre>
 *
 * The header line is optional; the unit column may be left out or empty. Values may be quoted with {@code "}.
 * Every bad line is reported with its number, all at once, so a 300-line sheet is fixed in one round.
 */
final class PointMapCsv {

    private PointMapCsv() {
    }

    /**
     * Parses a whole CSV document.
     *
     * @param in the CSV text
     * @param source what to call the document in messages (file name)
     * @throws IllegalArgumentException listing every bad line by number
     * @throws IOException when reading fails
     */
    static List<FieldBinding> parse(Reader in, String source) throws IOException {
        List<FieldBinding> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, Integer> lineOfField = new HashMap<>();
        BufferedReader r = new BufferedReader(in);
        String line;
        int number = 0;
        boolean first = true;
        while ((line = r.readLine()) != null) {
            number++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            List<String> cells;
            try {
                cells = split(t);
            } catch (IllegalArgumentException e) {
                errors.add("line " + number + ": " + e.getMessage());
                continue;
            }
            if (first) {
                first = false;
                if (cells.get(0).equalsIgnoreCase("field")) {
                    continue; // header
                }
            }
            if (cells.size() < 3 || cells.size() > 4) {
                errors.add("line " + number + ": expected 3 or 4 columns field,device,point[,unit], found "
                        + cells.size() + " in '" + t + "'");
                continue;
            }
            try {
                FieldBinding b = new FieldBinding(cells.get(0), cells.get(1), cells.get(2),
                        cells.size() == 4 ? cells.get(3) : "");
                Integer earlier = lineOfField.putIfAbsent(b.field(), number);
                if (earlier != null) {
                    errors.add("line " + number + ": field '" + b.field() + "' is already mapped on line " + earlier);
                    continue;
                }
                out.add(b);
            } catch (IllegalArgumentException e) {
                errors.add("line " + number + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("point map " + source + " has " + errors.size()
                    + (errors.size() == 1 ? " error: " : " errors: ") + String.join("; ", errors));
        }
        return out;
    }

    /** Splits one line at commas outside double quotes; {@code ""} inside quotes is a quote. Cells are trimmed. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unclosed quote in '" + line + "'");
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
