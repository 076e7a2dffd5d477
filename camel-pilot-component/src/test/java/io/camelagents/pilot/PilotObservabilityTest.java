package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.camelagents.pilot.metrics.MicrometerPilotMetrics;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * Meters, the pilot dev console and the component's JMX attributes against a real daemon: events published and
 * received, the pacer wait, a consumer reconnect after a daemon restart, subscriptions and bound ports.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "obs")
class PilotObservabilityTest {
    private static final int DATAGRAM_PORT = 7101;
    private static final int EVENTS = 10;

    @Test
    void metersConsoleAndJmxShowTrafficAndReconnects(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CamelContext context = new DefaultCamelContext();
        context.setDevConsole(true);
        context.getRegistry().bind("meters", meters);
        PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
        pilot.getConfiguration().setSocketPath(a.socketPath().toString());
        pilot.getConfiguration().setReconnectInitialDelay(200);
        pilot.getConfiguration().setReconnectMaxDelay(1000);
        pilot.getConfiguration().setShutdownTimeout(5000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=obs.*").routeId("events").to("mock:events");
                from("pilot:datagram:" + DATAGRAM_PORT).routeId("datagrams").to("mock:datagrams");
            }
        });
        context.start();
        try {
            assertTrue(pilot.metrics() instanceof MicrometerPilotMetrics, "bound to the registry's MeterRegistry");
            ProducerTemplate template = context.createProducerTemplate();
            MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            // publishRate 100/s: a burst makes the pacer wait
            String publish = "pilot:events?topic=obs.load&publishRate=100";
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader("pilot:events", "probe",
                    PilotConstants.TOPIC, "obs.probe"), () -> events.getReceivedCounter() > 0, Duration.ofSeconds(60));
            for (int i = 0; i < EVENTS; i++) {
                template.sendBody(publish, "event " + i);
            }
            await("events received").atMost(Duration.ofSeconds(60))
                    .until(() -> count(meters, "pilot.events.received", "topic", "obs.load") == EVENTS);
            assertEquals(EVENTS, count(meters, "pilot.events.published", "topic", "obs.load"));
            assertTrue(count(meters, "pilot.events.published", "topic", "obs.probe") >= 1);
            Timer wait = meters.find("pilot.publish.wait").tag("topic", "obs.load").timer();
            assertNotNull(wait);
            assertEquals(EVENTS, wait.count());
            assertTrue(wait.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0, "a burst at 100/s waits for the pacer");

            // the console
            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("pilot");
            assertNotNull(console, "the generated dev-console service file is found");
            ((org.apache.camel.CamelContextAware) console).setCamelContext(context);
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
            List<Map<String, Object>> daemons = list(json.get("daemons"));
            assertEquals(1, daemons.size(), json.toString());
            assertEquals(true, daemons.get(0).get("connected"));
            assertEquals(a.socketPath().toString(), daemons.get(0).get("socket"));
            assertEquals(a.address(), daemons.get(0).get("node"));
            assertNotNull(daemons.get(0).get("generation"));
            List<Map<String, Object>> consumers = list(json.get("consumers"));
            Map<String, Object> eventsConsumer = consumers.stream().filter(c -> "events".equals(c.get("routeId"))).findFirst().orElseThrow();
            assertEquals("obs.* @ own broker", eventsConsumer.get("subscription"));
            assertEquals("SERVING", eventsConsumer.get("state"));
            Map<String, Object> datagrams = consumers.stream().filter(c -> "datagrams".equals(c.get("routeId"))).findFirst().orElseThrow();
            assertEquals(DATAGRAM_PORT, datagrams.get("boundPort"));
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertTrue(text.contains("subscribed to obs.* @ own broker"), text);
            assertTrue(text.contains("bound port " + DATAGRAM_PORT), text);
            // with dev consoles enabled (camel.main.devConsoleEnabled), the context's registry holds ours too
            DevConsoleRegistry consoles = DevConsoleRegistry.get(context);
            assertNotNull(consoles);
            consoles.loadDevConsoles(true);
            assertTrue(consoles.getConsole("pilot").isPresent(), String.valueOf(consoles.getConsoleIDs()));
            assertTrue(((String) consoles.getConsole("pilot").get().call(DevConsole.MediaType.TEXT)).contains("bound port " + DATAGRAM_PORT));

            // JMX
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = componentMBean(server, context);
            assertEquals("events=obs.* @ own broker", server.getAttribute(name, "Subscriptions"));
            assertEquals("datagrams=" + DATAGRAM_PORT, server.getAttribute(name, "BoundPorts"));
            String generations = (String) server.getAttribute(name, "DaemonGenerations");
            assertTrue(generations.startsWith(a.socketPath() + "="), generations);
            assertEquals(0L, server.getAttribute(name, "Reconnects"));

            // a daemon restart: both consumers serve again, counted as reconnects
            a.restart(Duration.ofSeconds(30));
            await("consumers reconnected").atMost(Duration.ofSeconds(90))
                    .until(() -> count(meters, "pilot.reconnects", "kind", "events") == 1
                            && count(meters, "pilot.reconnects", "kind", "datagram") == 1);
            assertEquals(2L, server.getAttribute(name, "Reconnects"));
            String states = (String) server.getAttribute(name, "ReconnectStates");
            assertTrue(states.contains("events=SERVING/sessions 2"), states);
        } finally {
            context.stop();
        }
    }

    static ObjectName componentMBean(MBeanServer server, CamelContext context) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=" + context.getManagementName()
                + ",type=components,name=\"pilot\""), null);
        assertEquals(1, names.size(), "the pilot component's MBean: " + names);
        return names.iterator().next();
    }

    private static double count(SimpleMeterRegistry meters, String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
