package io.camelagents.bridge.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.driver.LogThrottle;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded buffer of the {@code pilot-to-kafka} bridge, between the Pilot subscription and an asynchronous Kafka
 * producer.
 * <p>
 * {@link #process} (the intake route's thread) takes a slot, copies the event into the queue and returns, so the
 * Pilot subscription keeps being read while Kafka is slow or down. With no free slot after {@code offerTimeoutMs}
 * it throws {@link KafkaSendBufferFullException} (counted as overflowed); the bridge route hands that event to its
 * overflow endpoint. One sender thread hands events to the producer in order without waiting for each one
 * (Kafka batches them; the idempotent producer keeps order per partition across its own retries). An event keeps
 * its slot until Kafka acknowledged it: {@code capacity} bounds queued and in-flight events together, so memory is
 * bounded and nothing leaves the buffer unacknowledged. A send that failed (after the producer's own delivery
 * timeout) is sent again after {@code retryDelayMs}, up to {@code sendRetries} times, then logged at ERROR,
 * counted as dropped and its slot freed. A resent event may land after events that were behind it.
 * <p>
 * While its route runs the buffer is bound in the Camel registry under its {@code name}, for monitoring and tests.
 * Stopping the route drains it for up to {@code drainTimeoutMs}; what Kafka has not acknowledged by then is lost
 * and logged.
 */
@ManagedResource(description = "pilot-to-kafka buffer: events held until Kafka acknowledged them")
public final class KafkaSendBuffer extends ServiceSupport implements Processor, CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSendBuffer.class);
    private static final long IDLE_POLL_MS = 50;

    private CamelContext camelContext;
    private String name = "pilot-to-kafka";
    private int capacity = 10_000;
    private long offerTimeoutMs;
    private String kafkaUri;
    private int sendRetries = 3;
    private long retryDelayMs = 1000;
    private long drainTimeoutMs = 30_000;

    private final BlockingQueue<PendingEvent> queue = new LinkedBlockingQueue<>();
    private final Queue<PendingEvent> retries = new ConcurrentLinkedQueue<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final LogThrottle resendLog = new LogThrottle(Duration.ofSeconds(10));
    private volatile Semaphore slots;
    private volatile boolean sending;
    private boolean bound;
    private Endpoint kafka;
    /** Where overflows are reported to meters: its metrics() is read at each overflow (bound after start, or never). */
    private PilotComponent pilot;
    private AsyncProducer producer;
    private ExecutorService sender;

    /** One accepted event: what to send, and how often it failed. */
    private static final class PendingEvent {
        final Object body;
        final Map<String, Object> headers;
        int failures;
        long notBefore;

        PendingEvent(Object body, Map<String, Object> headers) {
            this.body = body;
            this.headers = headers;
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Semaphore free = slots;
        if (free == null || !isRunAllowed()) {
            throw new IllegalStateException("pilot-to-kafka buffer '" + name + "' is not running");
        }
        if (!free.tryAcquire(offerTimeoutMs, TimeUnit.MILLISECONDS)) {
            overflowed.incrementAndGet();
            pilot.metrics().overflowed(name);
            throw new KafkaSendBufferFullException(name, capacity, offerTimeoutMs);
        }
        accepted.incrementAndGet();
        queue.add(new PendingEvent(exchange.getIn().getBody(), new HashMap<>(exchange.getIn().getHeaders())));
    }

    @Override
    protected void doStart() throws Exception {
        if (kafkaUri == null || kafkaUri.isBlank()) {
            throw new IllegalArgumentException("pilot-to-kafka buffer '" + name + "' needs kafkaUri, a kafka: endpoint URI");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1, was " + capacity);
        }
        // the pilot-to-kafka bridge binds the buffer itself when it is instantiated (its route looks it up by name)
        Object registered = camelContext.getRegistry().lookupByName(name);
        if (registered != null && registered != this) {
            throw new IllegalStateException("The Camel registry already holds a bean named '" + name
                    + "': give each pilot-to-kafka bridge its own bufferName");
        }
        pilot = camelContext.getComponent("pilot", PilotComponent.class);
        slots = new Semaphore(capacity);
        kafka = camelContext.getEndpoint(kafkaUri);
        producer = kafka.createAsyncProducer();
        ServiceHelper.startService(producer);
        sending = true;
        sender = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "KafkaSendBuffer[" + name + "]");
        sender.execute(this::sendLoop);
        if (registered == null) {
            camelContext.getRegistry().bind(name, KafkaSendBuffer.class, this);
        }
        bound = true;
    }

    @Override
    protected void doStop() throws Exception {
        try {
            // drained = every slot free again (the intake is stopped; acknowledgements free slots)
            if (slots != null && !slots.tryAcquire(capacity, drainTimeoutMs, TimeUnit.MILLISECONDS)) {
                int lost = getHeld();
                LOG.warn("pilot-to-kafka buffer '{}' stopped with {} events Kafka had not acknowledged after {} ms: they are lost",
                        name, lost, drainTimeoutMs);
            }
        } finally {
            sending = false;
            if (sender != null) {
                camelContext.getExecutorServiceManager().shutdownNow(sender);
                sender = null;
            }
            ServiceHelper.stopService(producer);
            if (bound) {
                camelContext.getRegistry().unbind(name);
                bound = false;
            }
            queue.clear();
            retries.clear();
            slots = null;
        }
    }

    private void sendLoop() {
        while (sending) {
            try {
                PendingEvent next = nextEvent();
                if (next != null) {
                    send(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("pilot-to-kafka buffer '{}': sender failed, continuing", name, e);
            }
        }
    }

    /** A retry that is due first (they are due in the order they failed), else the next queued event. */
    private PendingEvent nextEvent() throws InterruptedException {
        PendingEvent retry = retries.peek();
        long now = System.currentTimeMillis();
        if (retry != null && retry.notBefore <= now) {
            return retries.poll();
        }
        long wait = retry == null ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, retry.notBefore - now);
        return queue.poll(wait, TimeUnit.MILLISECONDS);
    }

    private void send(PendingEvent event) {
        Exchange exchange = kafka.createExchange();
        exchange.getIn().getHeaders().putAll(event.headers);
        exchange.getIn().setBody(event.body);
        try {
            // the producer calls back on its own threads once Kafka acknowledged the record or gave up on it
            producer.process(exchange, doneSync -> onSendDone(event, exchange));
        } catch (RuntimeException e) {
            exchange.setException(e); // a failed send like any other: resent or dropped, never forgotten
            onSendDone(event, exchange);
        }
    }

    private void onSendDone(PendingEvent event, Exchange exchange) {
        Exception failure = exchange.getException();
        Semaphore free = slots;
        if (failure == null) {
            sent.incrementAndGet();
        } else if (event.failures < sendRetries && sending) {
            event.failures++;
            resent.incrementAndGet();
            event.notBefore = System.currentTimeMillis() + retryDelayMs;
            long heldBack = resendLog.admit(); // an outage fails every held event: one line per interval, with the count
            if (heldBack >= 0) {
                LOG.warn("pilot-to-kafka buffer '{}': send failed, resending ({} of {}): {}{}", name, event.failures, sendRetries,
                        failure.toString(), LogThrottle.more(heldBack));
            }
            retries.add(event);
            return;
        } else {
            dropped.incrementAndGet();
            LOG.error("pilot-to-kafka buffer '{}': dropping an event after {} failed sends (headers {})", name,
                    event.failures + 1, event.headers, failure);
        }
        if (free != null) {
            free.release();
        }
    }

    // ------------------------------------------------------------------ figures

    /** Events taken into the buffer since start. */
    @ManagedAttribute(description = "Events taken into the buffer")
    public long getAccepted() {
        return accepted.get();
    }

    /** Events refused because the buffer stayed full for offerTimeoutMs (handed to the overflow endpoint). */
    @ManagedAttribute(description = "Events refused because the buffer was full")
    public long getOverflowed() {
        return overflowed.get();
    }

    /** Events Kafka acknowledged. */
    @ManagedAttribute(description = "Events Kafka acknowledged")
    public long getSent() {
        return sent.get();
    }

    /** Failed sends that were (or are about to be) sent again. */
    @ManagedAttribute(description = "Failed sends sent again")
    public long getResent() {
        return resent.get();
    }

    /** Events given up after sendRetries failed resends. */
    @ManagedAttribute(description = "Events dropped after the resends failed")
    public long getDropped() {
        return dropped.get();
    }

    /** Events accepted and neither acknowledged nor dropped yet: queued, in flight or waiting to be resent. */
    @ManagedAttribute(description = "Events held: queued, in flight or waiting for a resend")
    public int getHeld() {
        Semaphore free = slots;
        return free == null ? 0 : capacity - free.availablePermits();
    }

    @ManagedAttribute(description = "Events the buffer holds at most")
    public int getCapacity() {
        return capacity;
    }

    // ------------------------------------------------------------------ configuration (template bean properties)

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    public void setOfferTimeoutMs(long offerTimeoutMs) {
        this.offerTimeoutMs = offerTimeoutMs;
    }

    public String getKafkaUri() {
        return kafkaUri;
    }

    public void setKafkaUri(String kafkaUri) {
        this.kafkaUri = kafkaUri;
    }

    public void setSendRetries(int sendRetries) {
        this.sendRetries = sendRetries;
    }

    public void setRetryDelayMs(long retryDelayMs) {
        this.retryDelayMs = retryDelayMs;
    }

    public void setDrainTimeoutMs(long drainTimeoutMs) {
        this.drainTimeoutMs = drainTimeoutMs;
    }
}
