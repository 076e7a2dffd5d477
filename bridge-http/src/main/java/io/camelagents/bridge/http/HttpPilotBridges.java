package io.camelagents.bridge.http;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.KameletsInTemplates;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotTaskFailedException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;

/**
 * Route templates {@code http-to-pilot-task} and {@code pilot-to-webhook}, the one definition of these bridges, over
 * the {@code pilot-task-action} / {@code pilot-events-source} Kamelets.
 * <ul>
 * <li>{@code http-to-pilot-task}: {@code POST <path>} submits the request body as a Pilot task to {@code peer} and
 * answers with the task result (200), or 502 when the task ended FAILED/DECLINED/EXPIRED/CANCELLED (headers
 * X-Pilot-Task-Status, X-Pilot-Task-Id), or 503 when Pilot could not be reached or the task timed out. Needs a
 * platform-http server in the context (e.g. VertxPlatformHttpServer). Request-reply: nothing is retried on the
 * server; the HTTP client decides.</li>
 * <li>{@code pilot-to-webhook}: POSTs every event to {@code webhookUrl} with X-Pilot-Topic and X-Pilot-Broker; a
 * failed call (connection error or non-2xx) is retried {@code retries} times, then logged at ERROR and dropped
 * (at-most-once, like every path out of Pilot).</li>
 * </ul>
 */
public class HttpPilotBridges extends RouteBuilder {
    /** http-to-pilot-task's Pilot side: the pilot-task-action Kamelet. */
    static final String TASK_ACTION = KameletsInTemplates.uri("pilot-task-action", "peer={{peer}}&socketPath={{?socketPath}}&taskTimeout={{taskTimeout}}");
    /** The consuming template's Pilot side: the pilot-events-source Kamelet (noErrorHandler: failures stay with this route). */
    static final String EVENTS_SOURCE = KameletsInTemplates.uri("pilot-events-source", "topic={{pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}");
    public static final String HTTP_TO_TASK_ID = "http-to-pilot-task";
    public static final String WEBHOOK_ID = "pilot-to-webhook";

    @Override
    public void configure() {
        routeTemplate(HTTP_TO_TASK_ID)
                .configure(KameletsInTemplates.createAhead(TASK_ACTION))
                .description("HTTP POST to a Pilot task; the HTTP response is the task result")
                .templateParameter("path", "/tasks", "HTTP path served (POST only)")
                .templateParameter("peer", null, "Node (address or hostname) that executes the tasks")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("taskTimeout", "60000", "Milliseconds to wait for the task's final status")
                .from("platform-http:{{path}}?httpMethodRestrict=POST")
                // nothing from the HTTP request may steer the producer (peer, file name, ...)
                .removeHeaders("CamelPilot*")
                .doTry()
                    .to(TASK_ACTION)
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                .doCatch(PilotTaskFailedException.class)
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(502))
                    .setBody(simple("task ${exception.status}: ${exception.justification}"))
                    .setHeader(PilotConstants.TASK_STATUS, simple("${exception.status}"))
                .doCatch(Exception.class)
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(503))
                    .setBody(simple("pilot unavailable: ${exception.message}"))
                .end()
                .setHeader(BridgeHeaders.HTTP_PILOT_TASK_ID, header(PilotConstants.TASK_ID))
                .setHeader(BridgeHeaders.HTTP_PILOT_TASK_STATUS, header(PilotConstants.TASK_STATUS))
                .setHeader(Exchange.CONTENT_TYPE, constant("text/plain; charset=utf-8"))
                .removeHeaders("CamelPilot*");

        DefaultErrorHandlerDefinition retry = new DefaultErrorHandlerDefinition();
        retry.getRedeliveryPolicy().maximumRedeliveries("{{retries}}").redeliveryDelay("{{retryDelay}}")
                .retryAttemptedLogLevel("WARN");

        routeTemplate(WEBHOOK_ID)
                .configure(KameletsInTemplates.createAhead(EVENTS_SOURCE))
                .description("Pilot events to an HTTP webhook (POST, X-Pilot-Topic/X-Pilot-Broker headers)")
                .templateParameter("pilotTopic", null, "Pilot topic to subscribe to: exact, * or a glob such as research.*")
                .templateOptionalParameter("pilotBroker", "Node (address or hostname) whose broker to subscribe at; default the local node")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("webhookUrl", null, "http:// or https:// URL to POST to")
                .templateParameter("contentType", "application/octet-stream", "Content-Type of the POSTed payload")
                .templateParameter("retries", "5", "Redeliveries of a failed call before the event is logged and dropped")
                .templateParameter("retryDelay", "1000", "Milliseconds between redeliveries")
                .from(EVENTS_SOURCE)
                .errorHandler(retry)
                .setHeader(BridgeHeaders.HTTP_PILOT_TOPIC, header(PilotConstants.TOPIC))
                .setHeader(BridgeHeaders.HTTP_PILOT_BROKER, header(PilotConstants.BROKER))
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("{{contentType}}"))
                .to("{{webhookUrl}}");
    }
}
