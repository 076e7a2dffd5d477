package io.camelagents.brokers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.jms.connection.CachingConnectionFactory;

class EmbeddedArtemisTest {

    @Test
    void sendAndReceiveThroughTheCachedFactoryThenRefuseAfterStop() {
        EmbeddedArtemis artemis = new EmbeddedArtemis().start();
        String url = artemis.brokerUrl();
        try {
            assertEquals(CachingConnectionFactory.class, artemis.connectionFactory().getClass());
            try (JMSContext ctx = artemis.connectionFactory().createContext()) {
                Queue q = ctx.createQueue("q");
                for (int i = 0; i < 10; i++) {
                    ctx.createProducer().send(q, "m" + i);
                }
                JMSConsumer consumer = ctx.createConsumer(q);
                for (int i = 0; i < 10; i++) {
                    String body = consumer.receiveBody(String.class, 10_000);
                    assertNotNull(body, "message " + i);
                    assertEquals("m" + i, body);
                }
            }
            assertNotNull(artemis.jmsComponent());
        } finally {
            artemis.close();
        }
        // stopped means stopped: a client cannot connect any more
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url + "?reconnectAttempts=0&initialConnectAttempts=1")) {
            assertThrows(JMSRuntimeException.class, () -> cf.createContext().close());
        }
    }
}
