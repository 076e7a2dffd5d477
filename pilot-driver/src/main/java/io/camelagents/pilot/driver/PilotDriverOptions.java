package io.camelagents.pilot.driver;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/** Settings of a {@link PilotDriver}. Immutable; build with {@link #builder()}. */
public final class PilotDriverOptions {
    private final String socketPath;
    private final Duration requestTimeout;
    private final Duration dialTimeout;
    private final int maxDialConnections;
    private final long maxBufferedBytesPerConnection;
    private final int acceptQueueCapacity;
    private final int datagramQueueCapacity;
    private final ThreadFactory threadFactory;

    private PilotDriverOptions(Builder b) {
        this.socketPath = b.socketPath;
        this.requestTimeout = b.requestTimeout;
        this.dialTimeout = b.dialTimeout;
        this.maxDialConnections = b.maxDialConnections;
        this.maxBufferedBytesPerConnection = b.maxBufferedBytesPerConnection;
        this.acceptQueueCapacity = b.acceptQueueCapacity;
        this.datagramQueueCapacity = b.datagramQueueCapacity;
        this.threadFactory = b.threadFactory;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static PilotDriverOptions defaults() {
        return builder().build();
    }

    /** Explicit socket path, or null for discovery ({@link PilotSocketLocator}). */
    public String socketPath() {
        return socketPath;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration dialTimeout() {
        return dialTimeout;
    }

    public int maxDialConnections() {
        return maxDialConnections;
    }

    public long maxBufferedBytesPerConnection() {
        return maxBufferedBytesPerConnection;
    }

    public int acceptQueueCapacity() {
        return acceptQueueCapacity;
    }

    public int datagramQueueCapacity() {
        return datagramQueueCapacity;
    }

    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    public Builder toBuilder() {
        return new Builder().socketPath(socketPath).requestTimeout(requestTimeout).dialTimeout(dialTimeout)
                .maxDialConnections(maxDialConnections).maxBufferedBytesPerConnection(maxBufferedBytesPerConnection)
                .acceptQueueCapacity(acceptQueueCapacity).datagramQueueCapacity(datagramQueueCapacity)
                .threadFactory(threadFactory);
    }

    public static final class Builder {
        private String socketPath;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration dialTimeout = Duration.ofSeconds(30);
        private int maxDialConnections = 4;
        private long maxBufferedBytesPerConnection = 32L * 1024 * 1024;
        private int acceptQueueCapacity = 256;
        private int datagramQueueCapacity = 1024;
        private ThreadFactory threadFactory = Thread::new;

        public Builder socketPath(String path) {
            this.socketPath = path;
            return this;
        }

        /** Timeout of control requests (info, bind, handshake, ...). Default 30 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Default dial timeout. Default 30 s (the newest daemon retries for up to ~27 s). */
        public Builder dialTimeout(Duration timeout) {
            this.dialTimeout = positive(timeout, "dialTimeout");
            return this;
        }

        /** Extra IPC connections used for dials, so a slow dial never blocks control requests. Default 4. */
        public Builder maxDialConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxDialConnections must be at least 1, got " + n);
            }
            this.maxDialConnections = n;
            return this;
        }

        /** Unread bytes a connection may buffer before it is failed. Default 32 MiB. */
        public Builder maxBufferedBytesPerConnection(long bytes) {
            if (bytes < 65536) {
                throw new IllegalArgumentException("maxBufferedBytesPerConnection must be at least 65536, got " + bytes);
            }
            this.maxBufferedBytesPerConnection = bytes;
            return this;
        }

        public Builder acceptQueueCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("acceptQueueCapacity must be at least 1, got " + n);
            }
            this.acceptQueueCapacity = n;
            return this;
        }

        public Builder datagramQueueCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("datagramQueueCapacity must be at least 1, got " + n);
            }
            this.datagramQueueCapacity = n;
            return this;
        }

        /** Where the driver's reader threads come from (Camel passes its ExecutorServiceManager's factory). */
        public Builder threadFactory(ThreadFactory factory) {
            if (factory == null) {
                throw new IllegalArgumentException("threadFactory must not be null");
            }
            this.threadFactory = factory;
            return this;
        }

        public PilotDriverOptions build() {
            return new PilotDriverOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
            }
            return d;
        }
    }
}
