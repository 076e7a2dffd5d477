package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.DataFrame;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sends the body to {@code peer}'s data exchange (port 1001) as a TEXT, JSON, BINARY or FILE message and waits
 * for the receiver's acknowledgement; an {@code ERR} answer fails the exchange.
 */
final class PilotDataProducer extends PilotProducerSupport {

    PilotDataProducer(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DataFrame frame = frame(exchange.getIn());
        PilotDriver driver = client().driver();
        PilotAddress peer = peer(exchange, driver);
        Duration timeout = Duration.ofMillis(config().getDialTimeout());
        try (PilotConnection c = driver.dial(new PilotSocketAddress(peer, DataFrame.DATA_EXCHANGE_PORT), timeout)) {
            frame.writeTo(c.getOutputStream());
            c.setReadTimeoutMillis(config().getRequestTimeout());
            DataFrame ack = DataFrame.readFrom(c.getInputStream(), 64 * 1024);
            if (ack == null) {
                throw new PilotException("peer " + peer + " closed the data-exchange connection without acknowledging");
            }
            String text = ack.text();
            if (!text.startsWith("ACK")) {
                throw new PilotException("peer " + peer + " refused the " + frame.type() + " message: " + text);
            }
            exchange.getMessage().setHeader(PilotConstants.ACK, text);
        }
    }

    private DataFrame frame(Message in) throws Exception {
        String fileName = in.getHeader(PilotConstants.FILE_NAME, String.class);
        PilotDataType type = config().getDataType();
        String headerType = in.getHeader(PilotConstants.DATA_TYPE, String.class);
        if (headerType != null) {
            try {
                type = PilotDataType.valueOf(headerType.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PilotConstants.DATA_TYPE + " '" + headerType + "' is not one of text, json, binary, file");
            }
        }
        if (type == PilotDataType.auto) {
            type = fileName != null ? PilotDataType.file : in.getBody() instanceof String ? PilotDataType.text : PilotDataType.binary;
        }
        return switch (type) {
            case text -> new DataFrame(DataFrame.Type.TEXT, null, in.getMandatoryBody(String.class).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case json -> new DataFrame(DataFrame.Type.JSON, null, in.getMandatoryBody(String.class).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case binary -> new DataFrame(DataFrame.Type.BINARY, null, in.getMandatoryBody(byte[].class));
            case file -> {
                if (fileName == null) {
                    throw new IllegalArgumentException("dataType file needs the " + PilotConstants.FILE_NAME + " header");
                }
                yield new DataFrame(DataFrame.Type.FILE, fileName, in.getMandatoryBody(byte[].class));
            }
            case auto -> throw new IllegalStateException("unreachable");
        };
    }
}
