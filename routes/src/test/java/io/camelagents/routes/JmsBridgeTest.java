package io.camelagents.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.camelagents.brokers.EmbeddedArtemis;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** pilot-to-jms and jms-to-pilot against an embedded Artemis broker and a real daemon, queue and topic. */
@PilotNetwork(nodes = 1, hostnamePrefix = "jms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmsBridgeTest {
    static final int EVENTS = 200;

    private EmbeddedArtemis artemis;
    private PilotNode node;

    @BeforeAll
    void start(LocalPilotNetwork network) {
        node = network.node(0);
        artemis = new EmbeddedArtemis().start();
    }

    @AfterAll
    void stop() {
        if (artemis != null) {
            artemis.close();
        }
    }

    @Test
    void pilotEventsToQueueAndTopicAndBackToPilot() throws Exception {
        CamelContext context = new DefaultCamelContext();
        BridgeTestSupport.configurePilot(context);
        context.addComponent("jms", artemis.jmsComponent());
        context.addRoutes(new PilotJmsTemplates());
        BridgeTestSupport.IdCounter backInPilot = new BridgeTestSupport.IdCounter();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=jms.back&socketPath=" + node.socketPath()).routeId("counter").process(backInPilot);
            }
        });
        context.start();
        try (JMSContext jms = artemis.connectionFactory().createContext()) {
            // a topic only keeps messages for subscribers that exist: subscribe before anything is published
            JMSConsumer topicSubscriber = jms.createConsumer(jms.createTopic("agents.events"));
            TemplatedRouteBuilder.builder(context, PilotJmsTemplates.PILOT_TO_JMS_ID).routeId("to-queue")
                    .parameter("pilotTopic", "jms.out.*").parameter("socketPath", node.socketPath().toString())
                    .parameter("destination", "queue:agents.inbox").add();
            // a pilot: consumer URI can be used once per context, so the second subscription uses an equivalent glob
            TemplatedRouteBuilder.builder(context, PilotJmsTemplates.PILOT_TO_JMS_ID).routeId("to-topic")
                    .parameter("pilotTopic", "jms.out.**").parameter("socketPath", node.socketPath().toString())
                    .parameter("destination", "topic:agents.events").add();
            TemplatedRouteBuilder.builder(context, PilotJmsTemplates.JMS_TO_PILOT_ID).routeId("from-queue")
                    .parameter("destination", "queue:agents.outbox").parameter("pilotTopic", "jms.default")
                    .parameter("socketPath", node.socketPath().toString()).add();
            BridgeTestSupport.awaitPilotConsumersReady(context, Duration.ofSeconds(60));

            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < EVENTS; i++) {
                template.sendBodyAndHeader("pilot:events?socketPath=" + node.socketPath(), "id-" + i, PilotConstants.TOPIC, "jms.out.t" + (i % 3));
            }
            JMSConsumer queue = jms.createConsumer(jms.createQueue("agents.inbox"));
            Set<String> fromQueue = new HashSet<>();
            Set<String> fromTopic = new HashSet<>();
            Message first = null;
            for (int i = 0; i < EVENTS; i++) {
                Message m = queue.receive(30_000);
                assertTrue(m != null, "queue message " + i);
                first = first == null ? m : first;
                fromQueue.add(new String(m.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8));
                Message t = topicSubscriber.receive(30_000);
                assertTrue(t != null, "topic message " + i);
                fromTopic.add(new String(t.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertEquals(EVENTS, fromQueue.size());
            assertEquals(EVENTS, fromTopic.size());
            assertEquals("jms.out.t0", first.getStringProperty(BridgeHeaders.JMS_PILOT_TOPIC));
            assertEquals(node.address(), first.getStringProperty(BridgeHeaders.JMS_PILOT_BROKER));

            // JMS -> Pilot: PilotTopic property decides the topic; without it the template's pilotTopic is used
            var producer = jms.createProducer();
            for (int i = 0; i < EVENTS; i++) {
                if (i % 2 == 0) {
                    producer.setProperty(BridgeHeaders.JMS_PILOT_TOPIC, "jms.back");
                    producer.send(jms.createQueue("agents.outbox"), "id-" + i);
                } else {
                    jms.createProducer().send(jms.createQueue("agents.outbox"), "ignored-" + i);
                }
            }
            BridgeTestSupport.await("even ids back in Pilot", Duration.ofSeconds(60), () -> backInPilot.distinct() >= EVENTS / 2);
            Thread.sleep(500);
            List<String> bodies = List.copyOf(backInPilot.seen.keySet());
            assertEquals(EVENTS / 2, backInPilot.distinct(), "only PilotTopic=jms.back messages reach that topic: " + bodies.size());
            assertTrue(bodies.stream().allMatch(b -> b.startsWith("id-")));
        } finally {
            context.stop();
        }
    }
}
