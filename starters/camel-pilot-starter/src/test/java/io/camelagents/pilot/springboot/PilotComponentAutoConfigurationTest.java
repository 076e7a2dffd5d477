package io.camelagents.pilot.springboot;

import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotTaskAcceptPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The auto-configuration inside a Spring context: properties reach the component; enabled=false turns it off. */
class PilotComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, PilotComponentAutoConfiguration.class,
                    PilotComponentConverter.class))
            .withPropertyValues("camel.component.pilot.socket-path=/tmp/boot-test.sock",
                    "camel.component.pilot.task-timeout=2m", "camel.component.pilot.accept-from=any");

    @Test
    void propertiesReachTheComponent() {
        runner.run(context -> {
            PilotComponent pilot = context.getBean(CamelContext.class).getComponent("pilot", PilotComponent.class);
            assertEquals("/tmp/boot-test.sock", pilot.getConfiguration().getSocketPath());
            assertEquals(120_000, pilot.getConfiguration().getTaskTimeout());
            assertEquals(PilotTaskAcceptPolicy.any, pilot.getConfiguration().getAcceptFrom());
        });
    }

    @Test
    void enabledFalseLeavesTheComponentAlone() {
        runner.withPropertyValues("camel.component.pilot.enabled=false").run(context -> {
            PilotComponent pilot = context.getBean(CamelContext.class).getComponent("pilot", PilotComponent.class);
            assertNull(pilot.getConfiguration().getSocketPath());
            assertEquals(60_000, pilot.getConfiguration().getTaskTimeout());
        });
    }
}
