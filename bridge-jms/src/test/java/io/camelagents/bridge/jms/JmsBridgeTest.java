package io.camelagents.bridge.jms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.EmbeddedArtemis;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * pilot-to-jms and jms-to-pilot against an embedded Artemis broker and a real daemon, queue and topic. Pilot
 * acknowledges no subscription, so each Pilot subscription is confirmed with probe events first; the assertions
 * cover events published after that (what Pilot delivers on a live subscription), and use an end marker, sent
 * last through the FIFO queue, to know when nothing more can arrive.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "jms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmsBridgeTest {
    static final int EVENTS = 200;
    static final String END = "end-of-test";

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

    /** Body of a JMS message the bridge wrote (bytes). */
    private static String body(Message m) throws JMSException {
        return new String(m.getBody(byte[].class), StandardCharsets.UTF_8);
    }

    /** Receives until every id-0..id-(EVENTS-1) was seen, skipping probes; the first id-* message is kept. */
    private static Message receiveAllIds(JMSConsumer consumer, Set<String> ids, String what) throws JMSException {
        Message first = null;
        while (ids.size() < EVENTS) {
            Message m = consumer.receive(60_000);
            assertTrue(m != null, what + ": only " + ids.size() + " of " + EVENTS + " ids after waiting 60 s for the next");
            String body = body(m);
            if (!body.startsWith(BridgeTestSupport.PROBE)) {
                first = first == null ? m : first;
                ids.add(body);
            }
        }
        return first;
    }

    @Test
    void pilotEventsToQueueAndTopicAndBackToPilot() throws Exception {
        CamelContext context = new DefaultCamelContext();
        BridgeTestSupport.configurePilot(context);
        Properties props = new Properties();
        props.setProperty("jms.socket", node.socketPath().toString());
        context.getPropertiesComponent().setInitialProperties(props);
        context.addComponent("jms", artemis.jmsComponent());
        context.addRoutes(new PilotJmsBridges());
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
            JMSConsumer queue = jms.createConsumer(jms.createQueue("agents.inbox"));
            TemplatedRouteBuilder.builder(context, PilotJmsBridges.PILOT_TO_JMS_ID).routeId("to-queue")
                    .parameter("pilotTopic", "jms.out.*").parameter("socketPath", node.socketPath().toString())
                    .parameter("destination", "queue:agents.inbox").add();
            // a pilot: consumer URI can be used once per context, so the second subscription uses an equivalent glob
            // (the same template instantiated from YAML: classpath:camel/jms-bridges.camel.yaml)
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("classpath:camel/jms-bridges.camel.yaml"));
            TemplatedRouteBuilder.builder(context, PilotJmsBridges.JMS_TO_PILOT_ID).routeId("from-queue")
                    .parameter("destination", "queue:agents.outbox").parameter("pilotTopic", "jms.default")
                    .parameter("socketPath", node.socketPath().toString()).add();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

            ProducerTemplate template = context.createProducerTemplate();
            String publish = "pilot:events?socketPath=" + node.socketPath();
            boolean[] probeAt = {false, false}; // queue, topic
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader(publish, BridgeTestSupport.PROBE + "out",
                    PilotConstants.TOPIC, "jms.out.probe"), () -> {
                        probeAt[0] |= queue.receiveNoWait() != null;
                        probeAt[1] |= topicSubscriber.receiveNoWait() != null;
                        return probeAt[0] && probeAt[1];
                    }, Duration.ofSeconds(60));
            for (int i = 0; i < EVENTS; i++) {
                template.sendBodyAndHeader(publish, "id-" + i, PilotConstants.TOPIC, "jms.out.t" + (i % 3));
            }
            Set<String> fromQueue = new HashSet<>();
            Set<String> fromTopic = new HashSet<>();
            Message first = receiveAllIds(queue, fromQueue, "queue");
            receiveAllIds(topicSubscriber, fromTopic, "topic");
            assertEquals(EVENTS, fromQueue.size());
            assertEquals(EVENTS, fromTopic.size());
            assertEquals("jms.out.t0", first.getStringProperty(BridgeHeaders.JMS_PILOT_TOPIC));
            assertEquals(node.address(), first.getStringProperty(BridgeHeaders.JMS_PILOT_BROKER));

            // JMS -> Pilot: PilotTopic property decides the topic; without it the template's pilotTopic is used
            var toJmsBack = jms.createProducer().setProperty(BridgeHeaders.JMS_PILOT_TOPIC, "jms.back");
            PilotReadiness.confirmSubscription(() -> toJmsBack.send(jms.createQueue("agents.outbox"), BridgeTestSupport.PROBE + "back"),
                    backInPilot::sawProbe, Duration.ofSeconds(60));
            for (int i = 0; i < EVENTS; i++) {
                if (i % 2 == 0) {
                    toJmsBack.send(jms.createQueue("agents.outbox"), "id-" + i);
                } else {
                    jms.createProducer().send(jms.createQueue("agents.outbox"), "ignored-" + i);
                }
            }
            // the queue is FIFO with one consumer and Pilot keeps a publisher's order: once END is back, every
            // earlier message has been published to jms.back or jms.default
            toJmsBack.send(jms.createQueue("agents.outbox"), END);
            await("the end marker back in Pilot").atMost(Duration.ofSeconds(120)).until(() -> backInPilot.seen.containsKey(END));
            List<String> ids = backInPilot.seen.keySet().stream().filter(b -> b.startsWith("id-")).toList();
            List<String> others = backInPilot.seen.keySet().stream()
                    .filter(b -> !b.startsWith("id-") && !b.startsWith(BridgeTestSupport.PROBE) && !b.equals(END)).toList();
            assertEquals(EVENTS / 2, ids.size(), "every PilotTopic=jms.back message reached that topic");
            assertTrue(others.isEmpty(), "messages without PilotTopic go to the default topic, not jms.back: " + others);
        } finally {
            context.stop();
        }
    }
}
