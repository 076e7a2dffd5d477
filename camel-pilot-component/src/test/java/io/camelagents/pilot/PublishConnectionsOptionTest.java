package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The publishConnections option and the publish key header without a daemon: validation, metadata, key to connection. */
class PublishConnectionsOptionTest {
    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65", "1000"})
    void outOfRangeValuesFailAtEndpointCreation(String value) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("pilot:events?topic=a&publishConnections=" + value));
        String message = e.getMessage() + " / " + e.getCause().getMessage();
        assertTrue(message.contains("publishConnections must be 1..64, got " + value), message);
    }

    @Test
    void notANumberFailsAtEndpointCreation() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("pilot:events?topic=a&publishConnections=many"));
        assertTrue(e.getMessage().contains("publishConnections"), e.getMessage());
    }

    @Test
    void defaultIsOneAndTheBoundsAreAccepted() {
        assertEquals(1, context.getEndpoint("pilot:events?topic=a", PilotEndpoint.class).getConfiguration().getPublishConnections());
        assertEquals(64, context.getEndpoint("pilot:events?topic=a&publishConnections=64", PilotEndpoint.class)
                .getConfiguration().getPublishConnections());
        PilotComponent component = context.getComponent("pilot", PilotComponent.class);
        component.getConfiguration().setPublishConnections(4);
        assertEquals(4, context.getEndpoint("pilot:events?topic=b", PilotEndpoint.class).getConfiguration().getPublishConnections(),
                "a component default is inherited");
    }

    @Test
    void optionAndHeaderAreDocumentedInTheGeneratedMetadata() throws Exception {
        try (InputStream json = PilotComponent.class.getResourceAsStream("/META-INF/io/camelagents/pilot/pilot.json")) {
            assertNotNull(json);
            String text = new String(json.readAllBytes());
            assertTrue(text.contains("\"publishConnections\""), "the option is in the endpoint metadata");
            assertTrue(text.contains("\"CamelPilotPublishKey\""), "the header is in the metadata");
            assertTrue(text.contains("order is NOT kept"), "the ordering consequence is in the option's description");
        }
    }

    @Test
    void aKeyAlwaysTakesTheSameConnectionAndKeysSpread() {
        assertEquals(PublishConnections.connectionOf("order-17", 8), PublishConnections.connectionOf(new String("order-17"), 8));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int c = PublishConnections.connectionOf("order-" + i, 8);
            assertTrue(c >= 0 && c < 8, "in range: " + c);
            used.add(c);
        }
        assertEquals(8, used.size(), "100 keys reach every one of 8 connections");
        assertEquals(0, PublishConnections.connectionOf("anything", 1));
    }
}
