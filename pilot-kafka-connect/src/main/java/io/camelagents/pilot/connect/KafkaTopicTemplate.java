package io.camelagents.pilot.connect;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Names the Kafka topic of a Pilot event: one fixed topic, or a template such as {@code pilot.${topic}} where
 * {@code ${topic}} is the event's Pilot topic.
 * <p>
 * Kafka topic names hold at most 249 characters out of letters, digits, {@code .}, {@code _} and {@code -}; Pilot
 * topics are any UTF-8 of up to 1024 bytes. Every other character of the Pilot topic becomes {@code _}, so
 * {@code research/α b} turns into {@code research__b}. A name that would be too long keeps its start and ends with
 * {@code -} and 8 hex digits of a checksum of the whole Pilot topic, so long topics that share a prefix stay apart.
 * Sanitising can map two Pilot topics onto one Kafka topic ({@code a/b} and {@code a b}); the record key and the
 * {@code pilot.topic} header always keep the exact Pilot topic.
 */
final class KafkaTopicTemplate {
    static final String PLACEHOLDER = "${topic}";
    static final int MAX_TOPIC_LENGTH = 249;
    private static final int CHECKSUM_SUFFIX = 9; // '-' + 8 hex digits

    private final String fixed;
    private final String prefix;
    private final String suffix;

    private KafkaTopicTemplate(String fixed, String prefix, String suffix) {
        this.fixed = fixed;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /** Every event to {@code topic}, which must be a valid Kafka topic name. */
    static KafkaTopicTemplate fixed(String topic) {
        String problem = topicNameProblem(PilotSourceConfig.KAFKA_TOPIC, topic);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new KafkaTopicTemplate(topic, null, null);
    }

    /** {@code template} must hold {@code ${topic}} once; its other characters must be legal in a topic name. */
    static KafkaTopicTemplate template(String template) {
        String problem = templateProblem(PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, template);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int at = template.indexOf(PLACEHOLDER);
        return new KafkaTopicTemplate(null, template.substring(0, at), template.substring(at + PLACEHOLDER.length()));
    }

    /** The Kafka topic for an event of {@code pilotTopic}. */
    String topicFor(String pilotTopic) {
        if (fixed != null) {
            return fixed;
        }
        String middle = sanitise(pilotTopic);
        int room = MAX_TOPIC_LENGTH - prefix.length() - suffix.length();
        if (middle.length() > room) {
            CRC32 crc = new CRC32();
            crc.update(pilotTopic.getBytes(StandardCharsets.UTF_8));
            middle = middle.substring(0, room - CHECKSUM_SUFFIX) + String.format("-%08x", crc.getValue());
        }
        String name = prefix + middle + suffix;
        // "." and ".." are the only all-legal names Kafka refuses
        return name.equals(".") || name.equals("..") ? name.replace('.', '_') : name;
    }

    /** Each character a Kafka topic cannot hold becomes '_' (one per code point, so an emoji is one '_'). */
    static String sanitise(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> b.append(isLegal(cp) ? (char) cp : '_'));
        return b.toString();
    }

    static boolean isLegal(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    static String topicNameProblem(String key, String name) {
        if (name == null || name.isEmpty()) {
            return key + ": the Kafka topic name is empty";
        }
        if (name.length() > MAX_TOPIC_LENGTH || name.equals(".") || name.equals("..") || !name.codePoints().allMatch(KafkaTopicTemplate::isLegal)) {
            return key + ": '" + ConfigChecks.printable(name) + "' is not a valid Kafka topic name: use 1-" + MAX_TOPIC_LENGTH
                    + " letters, digits, '.', '_' and '-' (not '.' or '..')";
        }
        return null;
    }

    static String templateProblem(String key, String template) {
        int at = template.indexOf(PLACEHOLDER);
        if (at < 0) {
            return key + ": '" + ConfigChecks.printable(template) + "' has no " + PLACEHOLDER + "; write it where the Pilot"
                    + " topic goes, e.g. pilot." + PLACEHOLDER + ", or set kafka.topic for one fixed topic";
        }
        if (template.indexOf(PLACEHOLDER, at + 1) >= 0) {
            return key + ": '" + ConfigChecks.printable(template) + "' has " + PLACEHOLDER + " more than once; use it once";
        }
        String literal = template.substring(0, at) + template.substring(at + PLACEHOLDER.length());
        if (!literal.codePoints().allMatch(KafkaTopicTemplate::isLegal)) {
            return key + ": '" + ConfigChecks.printable(template) + "' has characters a Kafka topic cannot hold outside "
                    + PLACEHOLDER + "; use letters, digits, '.', '_' and '-' there";
        }
        if (literal.length() > MAX_TOPIC_LENGTH - 1 - CHECKSUM_SUFFIX) {
            return key + ": '" + ConfigChecks.printable(template) + "' leaves no room for the Pilot topic within Kafka's "
                    + MAX_TOPIC_LENGTH + " characters; shorten it";
        }
        return null;
    }

    @Override
    public String toString() {
        return fixed != null ? fixed : prefix + PLACEHOLDER + suffix;
    }
}
