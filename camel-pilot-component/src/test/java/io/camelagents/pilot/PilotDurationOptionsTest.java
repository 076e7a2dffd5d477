package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every time option takes Camel's duration syntax as well as plain milliseconds; no daemon needed. */
class PilotDurationOptionsTest {
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
