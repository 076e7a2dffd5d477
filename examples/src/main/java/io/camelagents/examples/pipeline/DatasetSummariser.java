package io.camelagents.examples.pipeline;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Agent B's processing: parses and validates a WHOLE dataset before anything is written, then summarises it per
 * sensor (readings, min, max, mean). The first invalid line rejects the dataset with its line number and field.
 */
public final class DatasetSummariser {
    static final long MAX_ROWS = 5_000_000;
    private static final int MAX_LINE_CHARS = 4096;
    private static final Set<String> FIELDS = Set.of("id", "batch", "sensor", "site", "taken_at", "reading");
    private static final Pattern SENSOR = Pattern.compile("sensor-\\d{4}");
    private static final Pattern SITE = Pattern.compile("[a-z0-9-]{1,40}");
    private static final Pattern TAKEN_AT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern READING = Pattern.compile("-?\\d{1,3}(\\.\\d{1,3})?");
    private static final BigDecimal MIN_READING = new BigDecimal("-60");
    private static final BigDecimal MAX_READING = new BigDecimal("80");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetSummariser() {
    }

    /** One sensor's summary: a row of database 2. */
    public record SensorSummary(String batch, String sensor, String site, long readings, BigDecimal minReading,
                                BigDecimal maxReading, BigDecimal meanReading) {
        Map<String, Object> toRow() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("batch", batch);
            row.put("sensor", sensor);
            row.put("site", site);
            row.put("readings", readings);
            row.put("min_reading", minReading);
            row.put("max_reading", maxReading);
            row.put("mean_reading", meanReading);
            return row;
        }
    }

    private static final class Acc {
        final String site;
        long count;
        BigDecimal min;
        BigDecimal max;
        BigDecimal sum = BigDecimal.ZERO;

        Acc(String site) {
            this.site = site;
        }

        void add(BigDecimal v) {
            count++;
            min = min == null || v.compareTo(min) < 0 ? v : min;
            max = max == null || v.compareTo(max) > 0 ? v : max;
            sum = sum.add(v);
        }
    }

    /**
     * Validates every line of {@code data} (NDJSON, UTF-8) against the announced batch and row count, and returns the
     * per-sensor summaries in sensor order.
     *
     * @throws DatasetRejectedException at the first problem, naming the line
     */
    public static List<SensorSummary> summarise(String datasetId, String batch, long announcedRows, byte[] data) {
        Map<String, Acc> sensors = new TreeMap<>();
        long line = 0;
        long lastId = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data), decoder), 1 << 16)) {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (line > MAX_ROWS) {
                    throw reject(datasetId, "more than " + MAX_ROWS + " lines");
                }
                if (text.length() > MAX_LINE_CHARS) {
                    throw reject(datasetId, "line " + line + " is longer than " + MAX_LINE_CHARS + " characters");
                }
                JsonNode row = parse(datasetId, line, text);
                long id = row.path("id").canConvertToLong() && row.path("id").isIntegralNumber() ? row.get("id").asLong() : -1;
                if (id <= lastId) {
                    throw reject(datasetId, "line " + line + ": id must be a number above the previous line's " + lastId);
                }
                lastId = id;
                String rowBatch = text(datasetId, line, row, "batch");
                if (!rowBatch.equals(batch)) {
                    throw reject(datasetId, "line " + line + ": batch '" + SafeShow.of(rowBatch) + "' is not the announced " + batch);
                }
                String sensor = matching(datasetId, line, row, "sensor", SENSOR);
                String site = matching(datasetId, line, row, "site", SITE);
                String takenAt = matching(datasetId, line, row, "taken_at", TAKEN_AT);
                try {
                    Instant.parse(takenAt);
                } catch (DateTimeParseException e) {
                    throw reject(datasetId, "line " + line + ": taken_at '" + takenAt + "' is not a valid time");
                }
                String readingText = text(datasetId, line, row, "reading");
                if (!READING.matcher(readingText).matches()) {
                    throw reject(datasetId, "line " + line + ": reading '" + SafeShow.of(readingText) + "' is not a number");
                }
                BigDecimal reading = new BigDecimal(readingText);
                if (reading.compareTo(MIN_READING) < 0 || reading.compareTo(MAX_READING) > 0) {
                    throw reject(datasetId, "line " + line + ": reading " + readingText + " is outside " + MIN_READING + ".." + MAX_READING);
                }
                Acc acc = sensors.computeIfAbsent(sensor, s -> new Acc(site));
                if (!acc.site.equals(site)) {
                    throw reject(datasetId, "line " + line + ": " + sensor + " reports from " + site + " and from " + acc.site);
                }
                acc.add(reading);
            }
        } catch (CharacterCodingException e) {
            throw reject(datasetId, "line " + (line + 1) + " is not UTF-8");
        } catch (IOException e) {
            throw reject(datasetId, "unreadable: " + e.getMessage());
        }
        if (line == 0) {
            throw reject(datasetId, "it is empty");
        }
        if (line != announcedRows) {
            throw reject(datasetId, "it has " + line + " rows, data.ready announced " + announcedRows);
        }
        return sensors.entrySet().stream().map(e -> new SensorSummary(batch, e.getKey(), e.getValue().site, e.getValue().count,
                e.getValue().min, e.getValue().max,
                e.getValue().sum.divide(BigDecimal.valueOf(e.getValue().count), 3, RoundingMode.HALF_UP))).toList();
    }

    private static JsonNode parse(String datasetId, long line, String text) {
        JsonNode row;
        try {
            row = JSON.readTree(text);
        } catch (IOException e) {
            throw reject(datasetId, "line " + line + " is not JSON");
        }
        if (row == null || !row.isObject() || row.size() != FIELDS.size()) {
            throw reject(datasetId, "line " + line + " is not an object with the fields " + FIELDS);
        }
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw reject(datasetId, "line " + line + " has an unknown field '" + SafeShow.of(name) + "'");
            }
        }
        return row;
    }

    private static String text(String datasetId, long line, JsonNode row, String field) {
        JsonNode v = row.get(field);
        if (v == null || !v.isTextual()) {
            throw reject(datasetId, "line " + line + ": " + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static String matching(String datasetId, long line, JsonNode row, String field, Pattern pattern) {
        String v = text(datasetId, line, row, field);
        if (!pattern.matcher(v).matches()) {
            throw reject(datasetId, "line " + line + ": " + field + " '" + SafeShow.of(v) + "' is not valid");
        }
        return v;
    }

    private static DatasetRejectedException reject(String datasetId, String reason) {
        return new DatasetRejectedException(datasetId, reason);
    }
}
