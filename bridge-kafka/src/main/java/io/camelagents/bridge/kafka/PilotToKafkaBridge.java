package io.camelagents.bridge.kafka;

import java.util.Map;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.KameletsInTemplates;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Route template {@code pilot-to-kafka}, the one definition of this bridge (Java: add this builder; YAML: a
 * {@code templatedRoute} or {@code camel.routeTemplate[...]} properties once this builder is in the context): Pilot events to a Kafka topic through a bounded in-memory buffer
 * ({@link KafkaSendBuffer}).
 * <p>
 * The route subscribes to Pilot events through the {@code pilot-events-source} Kamelet, maps topic and broker to Kafka headers ({@code pilot.topic},
 * {@code pilot.broker}, {@code pilot.receivedAt}; record key = topic unless {@code keyFromTopic=false}) and puts each
 * event in the buffer, which returns at once. When the buffer is full the route waits up to {@code offerTimeoutMs},
 * then hands the event to {@code overflowUri} (default: a WARN log line) and goes on: the drop is explicit and
 * counted ({@link KafkaSendBuffer#getOverflowed()}), never silent. The buffer's sender hands events to an
 * asynchronous idempotent producer ({@code acks=all}, batched, up to five requests in flight, order kept per
 * partition); an event keeps its place in the buffer until Kafka acknowledged it, so {@code bufferSize} bounds
 * queued and in-flight events together. During a Kafka outage the producer retries internally up to
 * {@code deliveryTimeoutMs}; a failed event is then sent again {@code sendRetries} times, {@code retryDelay} apart,
 * and after that logged at ERROR and dropped (counted).
 * <p>
 * So an outage is survived without loss while it lasts less than {@code deliveryTimeoutMs x (sendRetries + 1)} and
 * fewer than {@code bufferSize} events arrive meanwhile (at 3,000 events/s, the default 10,000 is about 3 s: size
 * the buffer for the rate and the outage you expect). Pilot itself keeps nothing: events published while the route
 * is not subscribed (e.g. its daemon restarts) never reach the bridge, so this path is at-most-once end to end and
 * lossless only from the buffer to Kafka.
 */
public class PilotToKafkaBridge extends RouteBuilder {
    /** The Pilot side: the pilot-events-source Kamelet; its failures stay with this route (noErrorHandler). */
    static final String EVENTS_SOURCE = KameletsInTemplates.uri("pilot-events-source", "topic={{pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}");
    public static final String ID = "pilot-to-kafka";

    @Override
    public void configure() {
        routeTemplate(ID)
                .configure(instance -> {
                    bindBuffer(instance);
                    KameletsInTemplates.createAhead(EVENTS_SOURCE).accept(instance);
                })
                .description("Pilot events to a Kafka topic through a bounded buffer: asynchronous idempotent sends, acks=all;"
                        + " an event leaves the buffer when Kafka acknowledged it")
                .templateParameter("pilotTopic", null, "Pilot topic to subscribe to: exact, * or a glob such as research.*")
                .templateOptionalParameter("pilotBroker", "Node (address or hostname) whose broker to subscribe at; default the local node")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("kafkaBrokers", null, "Kafka bootstrap servers, host:port[,host:port]")
                .templateParameter("kafkaTopic", null, "Kafka topic to write")
                .templateParameter("bufferName", "pilot-to-kafka", "Name the buffer is bound under in the Camel registry (unique per context)")
                .templateParameter("bufferSize", "10000", "Events the buffer holds, queued and in flight together")
                .templateParameter("offerTimeoutMs", "0", "How long a full buffer is waited for before the event overflows; waiting holds up the Pilot subscription")
                .templateParameter("overflowUri", "log:io.camelagents.bridge.kafka.overflow?level=WARN&showHeaders=true",
                        "Where events go that did not fit in the buffer")
                .templateParameter("keyFromTopic", "true", "Use the Pilot topic as the Kafka record key (per-topic ordering)")
                .templateParameter("lingerMs", "5", "How long the producer waits to fill a batch (Kafka's linger.ms)")
                .templateParameter("deliveryTimeoutMs", "300000", "How long one send may wait for Kafka (client retries included); at least lingerMs + 15000, Kafka's request timeout")
                .templateParameter("sendRetries", "3", "Resends after a send failed; then the event is logged at ERROR and dropped")
                .templateParameter("retryDelay", "1000", "Milliseconds between resends")
                .templateParameter("drainTimeoutMs", "30000", "How long stopping the route waits for Kafka to acknowledge what the buffer holds")
                .from(EVENTS_SOURCE)
                .setHeader(BridgeHeaders.KAFKA_PILOT_TOPIC, header(PilotConstants.TOPIC))
                .setHeader(BridgeHeaders.KAFKA_PILOT_BROKER, header(PilotConstants.BROKER))
                .setHeader(BridgeHeaders.KAFKA_PILOT_RECEIVED_AT, header(PilotConstants.RECEIVED_AT).convertToString())
                .filter(simple("'{{keyFromTopic}}' == 'true'"))
                    .setHeader(KafkaConstants.KEY, header(PilotConstants.TOPIC))
                .end()
                .doTry()
                    .process("{{bufferName}}")
                .doCatch(KafkaSendBufferFullException.class)
                    .to("{{overflowUri}}")
                .end();
    }

    /**
     * Creates this instance's buffer and binds it in the Camel registry under {@code bufferName}, where the route
     * finds it. (Not a template-local bean: Camel 4.18 does not find those while it creates the route.)
     */
    static void bindBuffer(RouteTemplateContext instance) {
        CamelContext camel = instance.getCamelContext();
        Map<String, Object> p = instance.getParameters();
        KafkaSendBuffer buffer = new KafkaSendBuffer();
        buffer.setName(value(camel, p, "bufferName"));
        buffer.setCapacity(Integer.parseInt(value(camel, p, "bufferSize")));
        buffer.setOfferTimeoutMs(Long.parseLong(value(camel, p, "offerTimeoutMs")));
        buffer.setSendRetries(Integer.parseInt(value(camel, p, "sendRetries")));
        buffer.setRetryDelayMs(Long.parseLong(value(camel, p, "retryDelay")));
        buffer.setDrainTimeoutMs(Long.parseLong(value(camel, p, "drainTimeoutMs")));
        String deliveryTimeoutMs = value(camel, p, "deliveryTimeoutMs");
        buffer.setKafkaUri("kafka:" + value(camel, p, "kafkaTopic") + "?brokers=" + value(camel, p, "kafkaBrokers")
                + "&requestRequiredAcks=all&enableIdempotence=true&synchronous=false&lingerMs=" + value(camel, p, "lingerMs")
                + "&retries=2147483647&maxInFlightRequest=5&deliveryTimeoutMs=" + deliveryTimeoutMs + "&maxBlockMs=" + deliveryTimeoutMs
                + "&requestTimeoutMs=15000&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer");
        buffer.setCamelContext(camel);
        if (camel.getRegistry().lookupByName(buffer.getName()) != null) {
            throw new IllegalStateException("The Camel registry already holds a bean named '" + buffer.getName()
                    + "': give each pilot-to-kafka bridge its own bufferName");
        }
        camel.getRegistry().bind(buffer.getName(), KafkaSendBuffer.class, buffer);
    }

    /** A template parameter of this instance (defaults applied), with property placeholders in it resolved. */
    private static String value(CamelContext camel, Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("pilot-to-kafka: template parameter " + name + " is not set");
        }
        return camel.resolvePropertyPlaceholders(value.toString());
    }
}
