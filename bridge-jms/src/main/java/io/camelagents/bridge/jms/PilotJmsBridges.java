package io.camelagents.bridge.jms;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.KameletsInTemplates;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;

/**
 * Route templates {@code pilot-to-jms} and {@code jms-to-pilot}, the one definition of these bridges, over the
 * {@code pilot-events-source} / {@code pilot-events-sink} Kamelets: Pilot events to and from a JMS queue or topic ({@code destination} = {@code queue:name} or {@code topic:name}).
 * The JMS component is looked up by name ({@code jmsComponent}, default {@code jms}): register one with a
 * connection factory (see EmbeddedArtemis#jmsComponent()).
 * <ul>
 * <li>{@code pilot-to-jms}: each event is sent (persistent) with JMS properties PilotTopic and PilotBroker; a
 * failed send is retried {@code retries} times, then logged at ERROR and dropped. While retrying the subscription
 * is not read, so Pilot drops what it cannot deliver: at-most-once, like every path out of Pilot.</li>
 * <li>{@code jms-to-pilot}: a transacted JMS consumer; the session commits after the Pilot publish succeeded and
 * rolls back otherwise, so the broker redelivers (at-least-once up to the broker's max delivery attempts, Artemis
 * default 10, after which the message goes to its dead-letter address or, without one, is dropped). The Pilot
 * topic is the PilotTopic property, else {@code pilotTopic}.</li>
 * </ul>
 */
public class PilotJmsBridges extends RouteBuilder {
    /** jms-to-pilot's Pilot side: the pilot-events-sink Kamelet; a failed publish rolls the JMS transaction back. */
    static final String EVENTS_SINK = KameletsInTemplates.uri("pilot-events-sink", "topic={{?pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}&publishRate={{publishRate}}");
    /** The consuming template's Pilot side: the pilot-events-source Kamelet (noErrorHandler: failures stay with this route). */
    static final String EVENTS_SOURCE = KameletsInTemplates.uri("pilot-events-source", "topic={{pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}");
    public static final String PILOT_TO_JMS_ID = "pilot-to-jms";
    public static final String JMS_TO_PILOT_ID = "jms-to-pilot";

    @Override
    public void configure() {
        DefaultErrorHandlerDefinition retry = new DefaultErrorHandlerDefinition();
        retry.getRedeliveryPolicy().maximumRedeliveries("{{retries}}").redeliveryDelay("{{retryDelay}}")
                .retryAttemptedLogLevel("WARN");

        routeTemplate(PILOT_TO_JMS_ID)
                .configure(KameletsInTemplates.createAhead(EVENTS_SOURCE))
                .description("Pilot events to a JMS queue or topic, with PilotTopic/PilotBroker properties")
                .templateParameter("pilotTopic", null, "Pilot topic to subscribe to: exact, * or a glob such as research.*")
                .templateOptionalParameter("pilotBroker", "Node (address or hostname) whose broker to subscribe at; default the local node")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("destination", null, "queue:NAME or topic:NAME")
                .templateParameter("jmsComponent", "jms", "Name of the camel-jms component to use")
                .templateParameter("retries", "5", "Redeliveries of a failed send before the event is logged and dropped")
                .templateParameter("retryDelay", "1000", "Milliseconds between redeliveries")
                .from(EVENTS_SOURCE)
                .errorHandler(retry)
                .setHeader(BridgeHeaders.JMS_PILOT_TOPIC, header(PilotConstants.TOPIC))
                .setHeader(BridgeHeaders.JMS_PILOT_BROKER, header(PilotConstants.BROKER))
                .to("{{jmsComponent}}:{{destination}}?deliveryPersistent=true");

        DefaultErrorHandlerDefinition retryThenRollback = new DefaultErrorHandlerDefinition();
        retryThenRollback.getRedeliveryPolicy().maximumRedeliveries("{{retries}}").redeliveryDelay("{{retryDelay}}")
                .retryAttemptedLogLevel("WARN");

        routeTemplate(JMS_TO_PILOT_ID)
                .configure(KameletsInTemplates.createAhead(EVENTS_SINK))
                .description("JMS queue or topic to Pilot events; transacted, committed after the publish (at-least-once)")
                .templateParameter("destination", null, "queue:NAME or topic:NAME")
                .templateParameter("jmsComponent", "jms", "Name of the camel-jms component to use")
                .templateOptionalParameter("pilotTopic", "Pilot topic when the message has no PilotTopic property")
                .templateOptionalParameter("pilotBroker", "Node (address or hostname) whose broker receives the events; default the local node")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("publishRate", "100", "Pilot publishes per second on this route's connection (the broker drops more than 100/s)")
                .templateParameter("retries", "5", "Redeliveries of a failed publish before the JMS transaction rolls back")
                .templateParameter("retryDelay", "1000", "Milliseconds between redeliveries")
                .from("{{jmsComponent}}:{{destination}}?transacted=true&concurrentConsumers=1")
                .errorHandler(retryThenRollback)
                .filter(header(BridgeHeaders.JMS_PILOT_TOPIC))
                    .setHeader(PilotConstants.TOPIC, header(BridgeHeaders.JMS_PILOT_TOPIC))
                .end()
                .to(EVENTS_SINK);
    }
}
