package io.camelagents.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The build keeps one kafka-clients on the classpath, 4.4.0 (the embedded broker's and the Connect worker's), under
 * camel-kafka of the Camel line the build is on (4.18, built against kafka-clients 3.9.1). The Kafka tests of this
 * module and of the examples are what prove that camel-kafka works on it; this test proves what they run on.
 */
class KafkaClasspathTest {

    @Test
    void oneKafkaClientsFourFourUnderTheBuildsCamelKafka() throws Exception {
        List<URL> copies = Collections.list(getClass().getClassLoader()
                .getResources("org/apache/kafka/clients/producer/KafkaProducer.class"));
        assertEquals(1, copies.size(), "kafka-clients jars on the classpath: " + copies);
        assertTrue(copies.get(0).toString().contains("kafka-clients-4.4.0"), copies.get(0).toString());

        try (CamelContext context = new DefaultCamelContext()) {
            URL camelKafka = KafkaComponent.class.getProtectionDomain().getCodeSource().getLocation();
            assertTrue(camelKafka.toString().contains("camel-kafka-" + context.getVersion()),
                    camelKafka + " is camel-kafka " + context.getVersion());
        }
    }
}
