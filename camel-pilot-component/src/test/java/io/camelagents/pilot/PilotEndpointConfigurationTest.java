package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.PropertyConfigurer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Endpoint creation and generated metadata; no daemon needed. */
class PilotEndpointConfigurationTest {
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void generatedMetadataAndUriFactoryExist() throws Exception {
        try (InputStream json = PilotComponent.class.getResourceAsStream("/META-INF/io/camelagents/pilot/pilot.json")) {
            assertNotNull(json, "component JSON is generated");
            String text = new String(json.readAllBytes());
            assertTrue(text.contains("\"scheme\": \"pilot\""), text);
            assertTrue(text.contains("CamelPilotTopic"), "headers are documented");
            assertTrue(text.contains("\"publishRate\""), "endpoint options are documented");
        }
        EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("pilot");
        assertInstanceOf(PilotEndpointUriFactory.class, factory);
        assertTrue(factory.propertyNames().contains("topic"));
    }

    @Test
    void componentOptionsAreCopiedAndEndpointOptionsOverride() {
        PilotComponent component = context.getComponent("pilot", PilotComponent.class);
        component.getConfiguration().setSocketPath("/tmp/shared.sock");
        component.getConfiguration().setPublishRate(50);
        PilotEndpoint e = context.getEndpoint("pilot:events?topic=research.*&publishRate=10", PilotEndpoint.class);
        assertEquals("/tmp/shared.sock", e.getConfiguration().getSocketPath());
        assertEquals(10, e.getConfiguration().getPublishRate());
        assertEquals(50, component.getConfiguration().getPublishRate(), "the component's copy is untouched");
        assertEquals(PilotKind.events, e.getKind());
        PilotEndpoint s = context.getEndpoint("pilot:stream:5000?peer=agent-b&framing=raw", PilotEndpoint.class);
        assertEquals(5000, s.getPort());
        assertEquals(PilotStreamFraming.raw, s.getConfiguration().getFraming());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pilot:nothing|Unknown pilot endpoint kind 'nothing'",
        "pilot:stream|needs a port",
        "pilot:stream:99999|outside 0..65535",
        "pilot:datagram:abc|is not a number",
        "pilot:task?peer=0:0000.0000.00ZZ|Invalid peer '0:0000.0000.00ZZ'",
        "pilot:task?peer=Bad_Host|Invalid peer 'Bad_Host'",
        "pilot:events?broker=1:0000.0000.0005|Invalid broker",
        "pilot:events?topic=research.***|has '***'",
        "pilot:events?topic=a&maxEventBytes=999999999|exceeds the brokers' limit",
        "pilot:task?noSuchOption=1|noSuchOption",
        "pilot:events:extra?topic=a|takes no path"
    })
    void badUrisFailAtCreationWithAHelpfulMessage(String uri, String expected) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
        String message = e.getMessage() + (e.getCause() != null ? " / " + e.getCause().getMessage() : "");
        assertTrue(message.contains(expected), message);
    }

    @Test
    void onlyEventsEndpointsTakeSeveralConsumers() {
        assertTrue(context.getEndpoint("pilot:events?topic=x", PilotEndpoint.class).isMultipleConsumersSupported());
        assertTrue(!context.getEndpoint("pilot:task", PilotEndpoint.class).isMultipleConsumersSupported());
        assertTrue(!context.getEndpoint("pilot:stream:7000", PilotEndpoint.class).isMultipleConsumersSupported());
    }

    @Test
    void eventsConsumerNeedsATopic() throws Exception {
        PilotEndpoint e = context.getEndpoint("pilot:events", PilotEndpoint.class);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.createConsumer(x -> { }));
        assertTrue(ex.getMessage().contains("needs a topic"));
        assertThrows(IllegalArgumentException.class, () -> context.getEndpoint("pilot:admin", PilotEndpoint.class).createConsumer(x -> { }));
    }

    // every time option takes Camel's duration syntax as well as plain milliseconds
    @ParameterizedTest
    @CsvSource({ "30s, 30000", "2m, 120000", "PT30S, 30000", "1m30s, 90000", "250, 250" })
    void endpointTimeOptionsAcceptDurations(String text, long millis) {
        PilotEndpoint e = context.getEndpoint("pilot:task?peer=0:0000.0000.0005&requestTimeout=" + text + "&dialTimeout=" + text
                + "&reconnectInitialDelay=" + text + "&reconnectMaxDelay=" + text + "&shutdownTimeout=" + text
                + "&brokerCheckInterval=" + text + "&taskTimeout=" + text + "&pollDelay=" + text, PilotEndpoint.class);
        PilotConfiguration c = e.getConfiguration();
        assertEquals(millis, c.getRequestTimeout());
        assertEquals(millis, c.getDialTimeout());
        assertEquals(millis, c.getReconnectInitialDelay());
        assertEquals(millis, c.getReconnectMaxDelay());
        assertEquals(millis, c.getShutdownTimeout());
        assertEquals(millis, c.getBrokerCheckInterval());
        assertEquals(millis, c.getTaskTimeout());
        assertEquals(millis, c.getPollDelay());
    }

    @Test
    void componentTimeOptionsAcceptDurationsAndEndpointsInheritThem() {
        PilotComponent component = context.getComponent("pilot", PilotComponent.class);
        PropertyConfigurer configurer = component.getComponentPropertyConfigurer();
        assertTrue(configurer.configure(context, component, "taskTimeout", "2m", true));
        assertTrue(configurer.configure(context, component, "shutdownTimeout", "PT5S", true));
        assertEquals(120_000, component.getConfiguration().getTaskTimeout());
        PilotEndpoint e = context.getEndpoint("pilot:task?peer=0:0000.0000.0005", PilotEndpoint.class);
        assertEquals(120_000, e.getConfiguration().getTaskTimeout());
        assertEquals(5_000, e.getConfiguration().getShutdownTimeout());
    }

    @ParameterizedTest
    @CsvSource({ "30 secs", "abc", "-5s", "PT-5S" })
    void aDurationThatIsNotOneFailsAtEndpointCreationNamingTheOption(String text) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("pilot:task?peer=0:0000.0000.0005&taskTimeout=" + text));
        assertTrue(String.valueOf(e.getMessage()).contains("taskTimeout"), e.getMessage());
    }
}
