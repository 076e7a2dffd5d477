package io.camelagents.routes;

import io.camelagents.pilot.PilotConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;

/**
 * Pilot events to a Kafka topic through a bounded in-memory buffer, as two templates (a Camel route template
 * holds exactly one route, and the buffer needs a route on each side). Instantiate both with the same
 * {@code bufferName} and {@code bufferSize}.
 * <ul>
 * <li>{@code pilot-to-kafka-intake}: subscribes to Pilot events, maps topic and broker to Kafka headers
 * ({@code pilot.topic}, {@code pilot.broker}, {@code pilot.receivedAt}; record key = topic unless
 * {@code keyFromTopic=false}) and puts each event in the SEDA queue {@code bufferName} of {@code bufferSize}
 * events. When the queue is full it waits up to {@code offerTimeoutMs}, then hands the event to
 * {@code overflowUri} (default: a WARN log line) and goes on: the drop is explicit and counted, never silent.</li>
 * <li>{@code pilot-to-kafka-sender}: one thread takes events from the queue in order and sends each
 * synchronously with an idempotent producer, acks=all: one record in flight, so the queue is the only buffer and
 * its size is the limit. During a Kafka outage the send waits (the client retries internally) up to
 * {@code deliveryTimeoutMs}; it is then redelivered {@code sendRetries} times; after that the event is logged at
 * ERROR and dropped.</li>
 * </ul>
 * So an outage is survived without loss while it lasts less than {@code deliveryTimeoutMs x (sendRetries + 1)}
 * and fewer than {@code bufferSize} events arrive meanwhile (at 100 events/s, the default 10,000 is 100 s).
 * Pilot itself keeps nothing: events published while the intake is not subscribed (e.g. its daemon restarts)
 * never reach the bridge, so this path is at-most-once end to end and lossless only from intake to Kafka.
 */
public class PilotToKafkaTemplates extends RouteBuilder {
    public static final String INTAKE_ID = "pilot-to-kafka-intake";
    public static final String SENDER_ID = "pilot-to-kafka-sender";

    @Override
    public void configure() {
        routeTemplate(INTAKE_ID)
                .description("Pilot events into a bounded in-memory buffer (SEDA queue) for pilot-to-kafka-sender")
                .templateParameter("pilotTopic", null, "Pilot topic to subscribe to: exact, * or a glob such as research.*")
                .templateOptionalParameter("pilotBroker", "Node (address or hostname) whose broker to subscribe at; default the local node")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("bufferName", "pilot-to-kafka", "Name of the SEDA queue shared with pilot-to-kafka-sender")
                .templateParameter("bufferSize", "10000", "Events the buffer holds (same value in both templates)")
                .templateParameter("offerTimeoutMs", "1000", "How long a full buffer is waited for before the event overflows")
                .templateParameter("overflowUri", "log:io.camelagents.routes.overflow?level=WARN&showHeaders=true",
                        "Where events go that did not fit in the buffer")
                .templateParameter("keyFromTopic", "true", "Use the Pilot topic as the Kafka record key (per-topic ordering)")
                .from("pilot:events?topic={{pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}")
                .setHeader(BridgeHeaders.KAFKA_PILOT_TOPIC, header(PilotConstants.TOPIC))
                .setHeader(BridgeHeaders.KAFKA_PILOT_BROKER, header(PilotConstants.BROKER))
                .setHeader(BridgeHeaders.KAFKA_PILOT_RECEIVED_AT, header(PilotConstants.RECEIVED_AT).convertToString())
                .filter(simple("'{{keyFromTopic}}' == 'true'"))
                    .setHeader(KafkaConstants.KEY, header(PilotConstants.TOPIC))
                .end()
                .doTry()
                    .to("seda:{{bufferName}}?size={{bufferSize}}&blockWhenFull=true&offerTimeout={{offerTimeoutMs}}")
                .doCatch(Exception.class) // ExchangeTimedOutException: still full after offerTimeoutMs
                    .to("{{overflowUri}}")
                .end();

        DefaultErrorHandlerDefinition retry = new DefaultErrorHandlerDefinition();
        retry.getRedeliveryPolicy().maximumRedeliveries("{{sendRetries}}").redeliveryDelay("{{retryDelay}}")
                .retryAttemptedLogLevel("WARN");

        routeTemplate(SENDER_ID)
                .description("Buffered Pilot events to a Kafka topic: one synchronous idempotent send at a time, acks=all")
                .templateParameter("kafkaBrokers", null, "Kafka bootstrap servers, host:port[,host:port]")
                .templateParameter("kafkaTopic", null, "Kafka topic to write")
                .templateParameter("bufferName", "pilot-to-kafka", "Name of the SEDA queue shared with pilot-to-kafka-intake")
                .templateParameter("bufferSize", "10000", "Events the buffer holds (same value in both templates)")
                .templateParameter("deliveryTimeoutMs", "300000", "How long one send may wait for Kafka (client retries included)")
                .templateParameter("sendRetries", "3", "Redeliveries after a send timed out; then the event is logged at ERROR and dropped")
                .templateParameter("retryDelay", "1000", "Milliseconds between redeliveries")
                .from("seda:{{bufferName}}?size={{bufferSize}}&concurrentConsumers=1")
                .errorHandler(retry)
                .to("kafka:{{kafkaTopic}}?brokers={{kafkaBrokers}}&requestRequiredAcks=all&enableIdempotence=true"
                        + "&synchronous=true&lingerMs=0&retries=2147483647&maxInFlightRequest=5"
                        + "&deliveryTimeoutMs={{deliveryTimeoutMs}}&maxBlockMs={{deliveryTimeoutMs}}&requestTimeoutMs=15000");
    }
}
