package io.camelagents.brokers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * An in-JVM ActiveMQ Artemis broker on a free 127.0.0.1 port, persistence and security off (messages live in
 * memory only: a stop loses them). {@link #connectionFactory()} is wrapped in Spring's
 * {@link CachingConnectionFactory} because camel-jms's JmsTemplate otherwise opens a connection per send (about
 * 7x slower). Every failure is thrown: a test that needs JMS fails when it cannot have it.
 */
public final class EmbeddedArtemis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedArtemis.class);

    private final int port;
    private final Path dataDir;
    private EmbeddedActiveMQ broker;
    private CachingConnectionFactory connectionFactory;

    public EmbeddedArtemis() {
        this.port = FreePorts.tcp();
        try {
            this.dataDir = Files.createTempDirectory("embedded-artemis-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the Artemis directory", e);
        }
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String brokerUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return broker != null;
    }

    public synchronized EmbeddedArtemis start() {
        if (broker != null) {
            return this;
        }
        long began = System.nanoTime();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        // even with persistence off Artemis creates these folders: keep them out of the working directory
        config.setBrokerInstance(dataDir.toFile());
        config.setJournalDirectory(dataDir.resolve("journal").toString());
        config.setBindingsDirectory(dataDir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dataDir.resolve("large").toString());
        config.setPagingDirectory(dataDir.resolve("paging").toString());
        try {
            config.addAcceptorConfiguration("tcp", brokerUrl());
            EmbeddedActiveMQ b = new EmbeddedActiveMQ();
            b.setConfiguration(config);
            b.start();
            broker = b;
        } catch (Exception e) {
            throw new IllegalStateException("embedded Artemis did not start on " + brokerUrl(), e);
        }
        LOG.info("embedded Artemis up at {} in {} ms", brokerUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /** A cached, shared JMS connection factory for this broker (create once, reuse everywhere). */
    public synchronized ConnectionFactory connectionFactory() {
        if (connectionFactory == null) {
            connectionFactory = new CachingConnectionFactory(new ActiveMQConnectionFactory(brokerUrl()));
            connectionFactory.setSessionCacheSize(10);
        }
        return connectionFactory;
    }

    /** A camel-jms component bound to {@link #connectionFactory()}; register it as {@code jms}. */
    public JmsComponent jmsComponent() {
        return JmsComponent.jmsComponentAutoAcknowledge(connectionFactory());
    }

    public synchronized void stop() {
        if (connectionFactory != null) {
            connectionFactory.destroy();
            connectionFactory = null;
        }
        if (broker != null) {
            try {
                broker.stop();
            } catch (Exception e) {
                throw new IllegalStateException("embedded Artemis at " + brokerUrl() + " did not stop cleanly", e);
            } finally {
                broker = null;
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            EmbeddedKafka.deleteRecursively(dataDir);
        }
    }
}
