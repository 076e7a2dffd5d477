package io.camelagents.routes;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

/** Every bridge template, in Java ({@link #all()}) and as YAML files under {@code classpath:camel-templates/}. */
public final class BridgeTemplates {
    public static final List<String> YAML_FILES = List.of("kafka-to-pilot.yaml", "pilot-to-kafka.yaml", "pilot-jms.yaml", "http-pilot.yaml");

    private BridgeTemplates() {
    }

    /** New builders for all templates; add them to a context with {@code context.addRoutes(builder)}. */
    public static List<RouteBuilder> all() {
        return List.of(new KafkaToPilotTemplate(), new PilotToKafkaTemplate(), new PilotJmsTemplates(), new HttpPilotTemplates());
    }
}
