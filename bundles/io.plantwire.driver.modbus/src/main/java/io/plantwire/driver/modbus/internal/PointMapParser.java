package io.plantwire.driver.modbus.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads point maps written as CSV rows: {@code name,table,address,type,order,unit,pollMs}.
 *
 * <p>A first row made only of column names is a header and may put the columns in any order (and leave out the
 * optional ones); without a header the columns are in the order above and trailing optional ones may be left
 * out. Blank lines and lines starting with {@code #} are skipped. Fields may be double-quoted.
 *
 * <p>Addresses are unambiguous by their spelling: a plain decimal number (0-65535) is a 0-based protocol address
 * in the table named by the {@code table} column; a Modicon reference is written with its table digit and an
 * {@code x}: {@code 4x00001} (or {@code 4x1}) is holding register 1, i.e. address 0; {@code 3x}, {@code 1x},
 * {@code 0x} are input registers, discrete inputs and coils. Plain {@code 40001} is therefore address 40001 of the
 * named table, never "holding register 1". Hexadecimal is not accepted ({@code 0x10} would read as coil 10).
 *
 * <p>Every bad row is reported, each with its line number and field, in one {@link PointMapException}.
 */
final class PointMapParser {

    static final List<String> COLUMNS = List.of("name", "table", "address", "type", "order", "unit", "pollms");

    private static final Pattern PLAIN = Pattern.compile("\\d{1,5}");
    private static final Pattern MODICON = Pattern.compile("([0134])[xX](\\d{1,5})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");

    private final long defaultPollMs;
    private final int maxRegisters;
    private final int maxBits;
    private final List<String> errors = new ArrayList<>();
    private final List<PointDefinition> points = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /**
     * @param defaultPollMs poll interval of points without a {@code pollMs}
     * @param maxRegisters a point may not need more registers than one request may read
     * @param maxBits likewise for bits
     */
    PointMapParser(long defaultPollMs, int maxRegisters, int maxBits) {
        this.defaultPollMs = defaultPollMs;
        this.maxRegisters = maxRegisters;
        this.maxBits = maxBits;
    }

    /**
     * Adds the rows of one source.
     *
     * @param source name of the source for messages, e.g. {@code points} or {@code /etc/plantwire/meter.csv}
     * @param lines the rows
     * @param firstLine line number of the first row (1 for files)
     */
    PointMapParser add(String source, List<String> lines, int firstLine) {
        Map<String, Integer> columns = null;
        boolean firstRow = true;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String where = source + " line " + (firstLine + i);
            String trimmed = raw == null ? "" : raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = split(trimmed);
            } catch (IllegalArgumentException e) {
                errors.add(where + ": " + e.getMessage());
                continue;
            }
            boolean header = firstRow && isHeader(fields);
            firstRow = false;
            if (header) {
                columns = header(where, fields);
                if (columns == null) {
                    return this;
                }
                continue;
            }
            row(where, fields, columns);
        }
        return this;
    }

    /** The points read so far. */
    List<PointDefinition> points() {
        if (!errors.isEmpty()) {
            throw new PointMapException(errors);
        }
        return List.copyOf(points);
    }

    private static boolean isHeader(List<String> fields) {
        return fields.stream().allMatch(f -> COLUMNS.contains(f.trim().toLowerCase(Locale.ROOT)));
    }

    private Map<String, Integer> header(String where, List<String> fields) {
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < fields.size(); c++) {
            String col = fields.get(c).trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(col)) {
                errors.add(where + ", header: unknown column '" + fields.get(c) + "', expected " + String.join(", ", COLUMNS));
                return null;
            }
            columns.put(col, c);
        }
        for (String required : List.of("name", "address", "type")) {
            if (!columns.containsKey(required)) {
                errors.add(where + ", header: column '" + required + "' is missing");
                return null;
            }
        }
        return columns;
    }

    private void row(String where, List<String> fields, Map<String, Integer> columns) {
        if (columns == null && fields.size() > COLUMNS.size()) {
            errors.add(where + ": " + fields.size() + " fields, at most " + COLUMNS.size() + " expected (" + String.join(",", COLUMNS) + ")");
            return;
        }
        String name = field(fields, columns, "name");
        String tableText = field(fields, columns, "table");
        String addressText = field(fields, columns, "address");
        String typeText = field(fields, columns, "type");
        String orderText = field(fields, columns, "order");
        String unit = field(fields, columns, "unit");
        String pollText = field(fields, columns, "pollms");
        int before = errors.size();

        if (!NAME.matcher(name).matches()) {
            fieldError(where, "name", name, "must be 1-128 characters A-Z a-z 0-9 _ . : - (not starting with . : -)");
        } else if (!names.add(name)) {
            fieldError(where, "name", name, "is already defined for this device");
        }

        Table table = null;
        if (!tableText.isEmpty()) {
            table = Table.parse(tableText);
            if (table == null) {
                fieldError(where, "table", tableText, "is not one of coil, discrete-input, input-register, holding-register");
            }
        }

        int address = -1;
        Matcher modicon = MODICON.matcher(addressText);
        if (PLAIN.matcher(addressText).matches()) {
            address = Integer.parseInt(addressText);
            if (address > 65535) {
                fieldError(where, "address", addressText, "is above 65535, the highest 0-based address");
                address = -1;
            } else if (tableText.isEmpty()) {
                fieldError(where, "table", "", "is required with a 0-based address; or write the address as a Modicon reference like 4x00001");
            }
        } else if (modicon.matches()) {
            Table fromPrefix = Table.byModiconPrefix(modicon.group(1).charAt(0) - '0');
            int reference = Integer.parseInt(modicon.group(2));
            if (reference < 1 || reference > 65536) {
                fieldError(where, "address", addressText, "Modicon references count from 1 to 65536");
            } else if (table != null && table != fromPrefix) {
                fieldError(where, "address", addressText, "is a " + fromPrefix.configName + " reference but table is " + table.configName);
            } else {
                table = fromPrefix;
                address = reference - 1;
            }
        } else {
            fieldError(where, "address", addressText, "is neither a 0-based address (0-65535) nor a Modicon reference like 4x00001, 3x1, 1x7, 0x12 (hexadecimal is not accepted)");
        }

        DataType type = null;
        int registers = 0;
        int bit = 0;
        String typeName = typeText;
        String typeArg = null;
        int colon = typeText.indexOf(':');
        if (colon >= 0) {
            typeName = typeText.substring(0, colon);
            typeArg = typeText.substring(colon + 1).trim();
        }
        type = DataType.parse(typeName);
        if (type == null) {
            fieldError(where, "type", typeText, "is not one of bool, bit:N, int16, uint16, int32, uint32, int64, uint64, float32, float64, string:N");
        } else if (type == DataType.BIT || type == DataType.STRING) {
            Integer n = typeArg == null ? null : parseInt(typeArg);
            if (type == DataType.BIT && (n == null || n < 0 || n > 15)) {
                fieldError(where, "type", typeText, "needs the bit number 0-15 (0 = least significant), e.g. bit:3");
                type = null;
            } else if (type == DataType.STRING && (n == null || n < 1 || n > 125)) {
                fieldError(where, "type", typeText, "needs the length in registers 1-125, e.g. string:8 for 16 characters");
                type = null;
            } else if (type == DataType.BIT) {
                bit = n;
                registers = 1;
            } else {
                registers = n;
            }
        } else if (typeArg != null) {
            fieldError(where, "type", typeText, "takes no ':' argument");
            type = null;
        } else {
            registers = type.registers;
        }

        if (type != null && table != null) {
            if (table.bits && type != DataType.BOOL) {
                fieldError(where, "type", typeText, "is not possible in the " + table.configName + " table, which holds single bits: use bool");
            } else if (!table.bits && type == DataType.BOOL) {
                fieldError(where, "type", typeText, "is for coils and discrete inputs; for a bit of a register use bit:N");
            } else if (!table.bits && registers > maxRegisters) {
                fieldError(where, "type", typeText, "needs " + registers + " registers, more than maxRegistersPerRequest=" + maxRegisters);
            } else if (table.bits && maxBits < 1) {
                fieldError(where, "type", typeText, "needs 1 bit, more than maxBitsPerRequest=" + maxBits);
            } else if (address >= 0 && address + Math.max(registers, 1) > 65536) {
                fieldError(where, "address", addressText, "with " + registers + " registers runs past address 65535");
            }
        }

        RegisterOrder order = RegisterOrder.BIG_ENDIAN;
        if (type != null) {
            int width = type == DataType.STRING || type == DataType.BIT ? 1 : type.registers;
            order = RegisterOrder.parse(orderText, width);
            if (order == null) {
                fieldError(where, "order", orderText, "is not valid for " + type.configName + ", expected " + RegisterOrder.namesFor(width));
            } else if ((type == DataType.BOOL || type == DataType.BIT) && !orderText.isEmpty()) {
                fieldError(where, "order", orderText, "means nothing for a single bit; leave it empty");
            }
        }

        long pollMs = defaultPollMs;
        if (!pollText.isEmpty()) {
            Integer p = parseInt(pollText);
            if (p == null || p < 10 || p > 86_400_000) {
                fieldError(where, "pollMs", pollText, "must be 10-86400000 ms, or empty for the device's poll interval");
            } else {
                pollMs = p;
            }
        }

        if (errors.size() == before) {
            points.add(new PointDefinition(name, table, address, type, registers, bit, order, unit, pollMs, where));
        }
    }

    private void fieldError(String where, String field, String value, String problem) {
        errors.add(where + ", field '" + field + "': '" + value + "' " + problem);
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String column) {
        int index = columns == null ? COLUMNS.indexOf(column) : columns.getOrDefault(column, -1);
        return index >= 0 && index < fields.size() ? fields.get(index).trim() : "";
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits one CSV row; double quotes enclose fields with commas, "" is a quote inside them. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a double quote is not closed");
        }
        out.add(cur.toString());
        return out;
    }
}
