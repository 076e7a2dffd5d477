package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * A publisher cannot blind a {@code pilot:events} subscriber (issue 13, item 7). The real newest broker forwards
 * topics with NUL, CR/LF, ESC and bidi controls as they came, and payloads of any size up to its 16 MiB: the
 * consumer skips and counts each such event and keeps its subscription, so every legitimate event published
 * meanwhile by someone else arrives. The broker itself refuses a topic that is not UTF-8 (it closes the
 * publisher's connection), so that one never reaches a subscriber.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "evh")
class HostileEventPublisherTest {
    private static final String PROBE = "probe";
    private static final int LEGITIMATE = 40;
    private static final String[] BAD_TOPICS = {"x.\u0000", "x.\r\n", "x.\u001b[2J", "x.\u202e"};

    @Test
    void malformedEventsAreSkippedAndCountedWhileTheSubscriptionStays(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        PilotAddress bAddr = PilotAddress.parse(b.address());
        try (CamelContext context = new DefaultCamelContext(); PilotDriver hostileDriver = PilotDriver.connect(a.socketPath().toString());
             LogCapture log = new LogCapture(PilotEventsConsumer.class)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // a glob subscribes to * at B's broker and filters here; events over 1 KiB are too large
                    from("pilot:events?topic=x.*&maxEventBytes=1024&socketPath=" + b.socketPath()).routeId("events")
                            .convertBodyTo(String.class)
                            .choice().when(body().isEqualTo(PROBE)).to("mock:probes").otherwise().to("mock:events");
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            PilotEventsConsumer consumer = (PilotEventsConsumer) context.getRoute("events").getConsumer();
            ProducerTemplate template = context.createProducerTemplate();
            String legitimate = "pilot:events?broker=" + b.address() + "&socketPath=" + a.socketPath();
            MockEndpoint probes = context.getEndpoint("mock:probes", MockEndpoint.class);
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader(legitimate, PROBE, PilotConstants.TOPIC, "x.probe"),
                    () -> probes.getReceivedCounter() > 0, Duration.ofSeconds(60));
            Object sessionsBefore = sessions(consumer);

            MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < LEGITIMATE; i++) {
                expected.add("legit-" + i);
            }
            events.expectedBodiesReceived(expected);

            // the hostile publisher: its first frame subscribes, every later frame publishes
            int bad = 0;
            try (PilotConnection hostile = hostileDriver.dial(new PilotSocketAddress(bAddr, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(30))) {
                OutputStream out = hostile.getOutputStream();
                out.write(frame("hostile.sub".getBytes(StandardCharsets.UTF_8), new byte[0]));
                for (int i = 0; i < LEGITIMATE; i++) {
                    template.sendBodyAndHeader(legitimate, "legit-" + i, PilotConstants.TOPIC, "x.legit");
                    out.write(frame(BAD_TOPICS[i % BAD_TOPICS.length].getBytes(StandardCharsets.UTF_8), "bad".getBytes(StandardCharsets.UTF_8)));
                    bad++;
                    if (i % 10 == 5) {
                        out.write(frame("x.big".getBytes(StandardCharsets.UTF_8), new byte[64 * 1024])); // over maxEventBytes
                        bad++;
                    }
                }
            }
            events.assertIsSatisfied(60_000);
            assertOnlyLegitimate(events);
            int forwarded = bad;
            await("every forwarded bad event skipped and counted").atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.skippedEvents() == forwarded);

            // a topic that is not UTF-8: the broker closes the publisher's connection instead of forwarding it
            try (PilotConnection notUtf8 = hostileDriver.dial(new PilotSocketAddress(bAddr, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(30))) {
                notUtf8.getOutputStream().write(frame("hostile.sub".getBytes(StandardCharsets.UTF_8), new byte[0]));
                notUtf8.getOutputStream().write(frame(new byte[] {'x', '.', (byte) 0xFF}, "bad".getBytes(StandardCharsets.UTF_8)));
                await("the broker refuses a topic that is not UTF-8").atMost(Duration.ofSeconds(30)).until(notUtf8::isRemoteClosed);
            }
            // one more legitimate event after all that still arrives, on the same subscription
            events.reset();
            events.expectedBodiesReceived("after");
            template.sendBodyAndHeader(legitimate, "after", PilotConstants.TOPIC, "x.legit");
            events.assertIsSatisfied(30_000);

            assertOnlyLegitimate(events);
            assertEquals(forwarded, consumer.skippedEvents(), "the refused non-UTF-8 event never reached the subscriber");
            assertEquals(PilotReconnectLoop.State.SERVING, consumer.state());
            assertEquals(sessionsBefore, sessions(consumer), "the consumer never resubscribed");
            // a publisher cannot flood the log: the first skip is reported, later ones at most every 10 s, summarised
            List<String> warnings = log.messages(Level.WARN);
            assertTrue(warnings.size() >= 1 && warnings.size() < forwarded && warnings.stream().allMatch(w -> w.startsWith("skipped an event")),
                    warnings.toString());
            assertTrue(warnings.stream().noneMatch(w -> w.chars().anyMatch(ch -> ch < 0x20 || ch == 0x202E)), "warnings are safe to print");
            assertTrue(probes.getExchanges().stream().allMatch(e -> "x.probe".equals(e.getIn().getHeader(PilotConstants.TOPIC))));
        }
    }

    private static void assertOnlyLegitimate(MockEndpoint events) {
        for (Exchange e : events.getExchanges()) {
            assertEquals("x.legit", e.getIn().getHeader(PilotConstants.TOPIC), "only legitimate events reach the route");
        }
    }

    /** Subscriptions the consumer has started (1 + resubscriptions), as its readiness check reports them. */
    private static Object sessions(PilotEventsConsumer consumer) {
        return consumer.getHealthCheck().call().getDetails().get("pilot.sessions");
    }

    /** A raw event frame: topic length u16 + topic + payload length u32 + payload, with no checks of ours. */
    private static byte[] frame(byte[] topic, byte[] payload) {
        return ByteBuffer.allocate(2 + topic.length + 4 + payload.length).putShort((short) topic.length).put(topic)
                .putInt(payload.length).put(payload).array();
    }
}
