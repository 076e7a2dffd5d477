package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Binary data-exchange messages arrive byte for byte on both daemon generations. Older daemons (v1.2.2 and the
 * 1.7.2 stand-in) store a binary message's bytes as-is in the inbox's {@code data} with no encoding field, so text
 * that happens to be valid base64 ({@code QUJD}) must not be decoded into {@code ABC}; the newest daemon marks
 * what it encoded ({@code data_b64}, {@code data_encoding}).
 */
abstract class AbstractBinaryDataExchangeTest {
    static final byte[] BASE64_LOOKING = "QUJD".getBytes(StandardCharsets.US_ASCII);

    /** {@code viaCli} through the real pilotctl, {@code viaProducer} through our producer; both as BINARY. */
    static void assertDelivered(LocalPilotNetwork network, byte[] viaCli, byte[] viaProducer) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:data?pollDelay=100&socketPath=" + b.socketPath() + "&inboxDir=" + b.home().resolve(".pilot/inbox")
                            + "&receivedDir=" + b.home().resolve(".pilot/received")).routeId("inbox").to("mock:data");
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(30));
            MockEndpoint data = context.getEndpoint("mock:data", MockEndpoint.class);

            data.expectedMessageCount(1);
            String text = new String(viaCli, StandardCharsets.UTF_8);
            assertTrue(a.pilotctl("send-message", b.address(), "--data", text, "--type", "binary").ok());
            data.assertIsSatisfied(30_000);
            assertBinary(viaCli, data.getExchanges().get(0));

            data.reset();
            data.expectedMessageCount(1);
            context.createProducerTemplate().sendBody("pilot:data?dataType=binary&peer=" + b.address() + "&socketPath=" + a.socketPath(),
                    viaProducer);
            data.assertIsSatisfied(30_000);
            assertBinary(viaProducer, data.getExchanges().get(0));
        }
    }

    private static void assertBinary(byte[] expected, Exchange received) {
        assertEquals("binary", received.getIn().getHeader(PilotConstants.DATA_TYPE));
        assertArrayEquals(expected, received.getIn().getBody(byte[].class));
    }
}
