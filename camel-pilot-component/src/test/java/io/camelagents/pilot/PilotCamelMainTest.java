package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** Component options from camel-main properties (kebab-case), as users configure them in application.properties. */
class PilotCamelMainTest {

    @Test
    void componentOptionsBindFromProperties() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.pilot.socket-path", "/tmp/from-properties.sock");
        main.addInitialProperty("camel.component.pilot.publish-rate", "7");
        main.addInitialProperty("camel.component.pilot.shutdown-timeout", "1234");
        main.addInitialProperty("camel.component.pilot.accept-from", "any");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                // autoStartup=false: no daemon is needed to check the binding
                from("pilot:events?topic=a.*").routeId("r").autoStartup(false).to("log:x");
            }
        });
        main.start();
        try {
            PilotComponent pilot = main.getCamelContext().getComponent("pilot", PilotComponent.class);
            assertEquals("/tmp/from-properties.sock", pilot.getConfiguration().getSocketPath());
            assertEquals(7, pilot.getConfiguration().getPublishRate());
            assertEquals(1234, pilot.getConfiguration().getShutdownTimeout());
            assertEquals(PilotTaskAcceptPolicy.any, pilot.getConfiguration().getAcceptFrom());
            PilotEndpoint endpoint = main.getCamelContext().getEndpoint("pilot:events?topic=a.*", PilotEndpoint.class);
            assertEquals("/tmp/from-properties.sock", endpoint.getConfiguration().getSocketPath(), "endpoints get the component's defaults");
        } finally {
            main.stop();
        }
    }
}
