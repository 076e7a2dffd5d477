package io.camelagents.pilot;

import io.camelagents.pilot.peer.PilotPeerServer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options shared by all {@code pilot:} endpoints; set on the component, copied and overridden per endpoint. */
@UriParams
@Configurer
public class PilotConfiguration implements Cloneable {

    // ---------------------------------------------------------------- common
    @UriParam(label = "common", description = "Path of the local daemon's IPC socket. When empty it is discovered like pilotctl does:"
            + " PILOT_SOCKET, then socket in ~/.pilot/config.json, then $XDG_RUNTIME_DIR/pilot.sock, then /tmp/pilot.sock.")
    private String socketPath;
    @UriParam(label = "common", description = "Remote node, as an address (0:0000.0000.0005) or hostname: the task executor (task producer),"
            + " the message receiver (data producer) or the stream/datagram peer. The CamelPilotPeer header overrides it.")
    private String peer;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "30000", description = "Timeout in milliseconds of control requests to the daemon. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long requestTimeout = 30000;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "30000", description = "Timeout in milliseconds of dials to peers. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long dialTimeout = 30000;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "500", description = "First delay in milliseconds before reconnecting to the daemon or resubscribing;"
            + " doubles after each failure. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long reconnectInitialDelay = 500;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "15000", description = "Largest delay in milliseconds between reconnect attempts. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long reconnectMaxDelay = 15000;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "30000", description = "How long in milliseconds stopping a consumer waits for in-flight exchanges. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long shutdownTimeout = 30000;

    // ---------------------------------------------------------------- events
    @UriParam(label = "common", description = "Event topic. Consumer: an exact topic, * for all, or a glob such as research.* (* = one dot segment,"
            + " ** = any segments, ? = one character); Pilot brokers match only exact topics or *, so globs subscribe to * and filter locally."
            + " Producer: the topic to publish to (the CamelPilotTopic header overrides it).")
    private String topic;
    @UriParam(label = "common", description = "Address or hostname of the node whose event-stream broker (port 1002) to use. Default: the local node.")
    private String broker;
    @UriParam(label = "consumer", defaultValue = "4194304", description = "Largest event payload in bytes the consumer accepts. A larger event is"
            + " skipped (read and discarded as it arrives, never buffered) and counted, with a rate-limited warning; the subscription stays.")
    private int maxEventBytes = 4 * 1024 * 1024;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "5000", description = "For a subscription at another node's broker: milliseconds between"
            + " liveness probes to that node's echo port. A broker that restarted forgets our subscription without telling us, so after three"
            + " unanswered probes the consumer subscribes again. 0 disables the probes. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long brokerCheckInterval = 5000;
    @UriParam(label = "producer", defaultValue = "100", description = "Publishes per second on one broker connection. The newest daemon's broker"
            + " silently drops more than 100 per second per connection (burst 200), so the producer paces itself. 0 disables pacing.")
    private int publishRate = 100;
    @UriParam(label = "producer", defaultValue = "1", description = "Kept-open broker connections of an events producer (1..64), each paced"
            + " to publishRate, so one endpoint carries up to publishConnections x publishRate events per second. Events with the same"
            + " CamelPilotPublishKey header always take the same connection, so their order is kept; events without a key (absent or empty)"
            + " are spread round-robin (skipping connections busy with other callers), so with more than one connection their order is NOT"
            + " kept. Connections open on first use and reconnect independently.")
    private int publishConnections = 1;

    // ---------------------------------------------------------------- tasks
    @UriParam(label = "consumer", defaultValue = "4", description = "Tasks executed at the same time (pilot:task); connections served at the same time (pilot:stream).")
    private int concurrentTasks = 4;
    @UriParam(label = "consumer", defaultValue = "100", description = "Tasks accepted but not yet started; further submissions are refused with status 400.")
    private int maxQueuedTasks = 100;
    @UriParam(label = "consumer", defaultValue = "trusted", description = "Whose tasks are accepted: trusted (nodes in the daemon's trusted list) or any.")
    private PilotTaskAcceptPolicy acceptFrom = PilotTaskAcceptPolicy.trusted;
    @UriParam(label = "consumer", defaultValue = "fail", description = "What the submitter is told when the route fails: fail (status FAILED) or decline (status DECLINED).")
    private PilotTaskFailureAction failureAction = PilotTaskFailureAction.fail;
    @UriParam(label = "consumer,security", defaultValue = "false", description = "Send the exception message to the submitter as the justification of a"
            + " failed task. Off by default: exception texts can leak hosts, paths or SQL.")
    private boolean includeErrorDetails;
    @UriParam(label = "common", description = "Where an older daemon that runs the task service itself (v1.2.2 generation) keeps task state:"
            + " $HOME/.pilot/tasks of the daemon's user. The consumer executes the NEW tasks it finds there, the producer reads results"
            + " from it. Default: ~/.pilot/tasks of this JVM's user. Unused with the newest daemon, where the component serves port 1003.")
    private String tasksDir;
    @UriParam(javaType = "java.time.Duration", label = "producer", defaultValue = "60000", description = "InOut task producer: milliseconds to wait for the task's final status and result. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long taskTimeout = 60000;
    @UriParam(label = "producer", defaultValue = "true", description = "InOut task producer: keep the submit connection to a peer open after a"
            + " task's final status and use it for the next task to that peer, when the peer's task service offers it (ours does; v1.2.2 and"
            + " older daemons close after each task, and then every task opens its own connection as before). Saves a dial per task, and"
            + " with it the occasional SYN retransmission (a quarter of a second) that new connections between two nodes can wait for."
            + " Up to 8 idle connections per peer are kept, each for at most half the keep-alive the peer announces.")
    private boolean reuseTaskConnections = true;

    // ---------------------------------------------------------------- data
    @UriParam(label = "producer", defaultValue = "auto", description = "Data-exchange message type: auto (text for String bodies, file when CamelPilotFileName is set,"
            + " binary otherwise), text, json, binary or file.")
    private PilotDataType dataType = PilotDataType.auto;
    @UriParam(label = "consumer", description = "Directory where the local daemon stores received data-exchange messages ($HOME/.pilot/inbox of the daemon's user)."
            + " Default: ~/.pilot/inbox of this JVM's user.")
    private String inboxDir;
    @UriParam(label = "consumer", description = "Directory where the local daemon stores received FILE messages ($HOME/.pilot/received of the daemon's user)."
            + " Default: ~/.pilot/received of this JVM's user.")
    private String receivedDir;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "500", description = "Milliseconds between scans of the inbox when it was empty. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long pollDelay = 500;
    @UriParam(label = "consumer", defaultValue = "67108864", description = "Largest data-exchange message or received file in bytes the consumer"
            + " delivers. The default is what the newest daemon accepts (64 MiB, its PILOT_DATAEXCHANGE_MAX_FRAME), so everything the daemon"
            + " acknowledged to the sender is delivered. A larger one is logged at ERROR (file, size, this option) and moved to .failed.")
    private int maxDataMessageBytes = 64 * 1024 * 1024;

    // ---------------------------------------------------------------- peer connections (pilot:task, pilot:stream consumers)
    @UriParam(label = "consumer,security", defaultValue = "256", description = "Connections from peers served at the same time; further ones are"
            + " closed on arrival (logged, counted). For pilot:task this bounds the node's task service on port 1003, which all pilot:task"
            + " endpoints on one daemon share: the component-level value applies there. Every accepted task with its submitter still waiting"
            + " holds one, so keep it above concurrentTasks + maxQueuedTasks.")
    private int maxPeerConnections = 256;
    @UriParam(javaType = "java.time.Duration", label = "consumer,security", defaultValue = "60000", description = "Deadline in milliseconds for one whole"
            + " frame from a peer (a task frame, a stream message), counted from its first byte; a task connection must also start its first"
            + " frame within it. A peer that trickles bytes is closed when it passes; raise it for multi-MiB tasks or messages over slow links. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long peerFrameTimeout = 60000;
    @UriParam(javaType = "java.time.Duration", label = "consumer,security", defaultValue = "300000", description = "pilot:stream: a connection on which"
            + " nothing arrives for this long is closed (idle connections cost no thread, but hold a connection slot). 0 keeps idle connections"
            + " open. Accepts a duration such as 30s, 2m or PT30S; a plain number is milliseconds.")
    private long peerIdleTimeout = 300000;
    @UriParam(label = "consumer,security", defaultValue = "67108864", description = "Bytes received from peers and not yet processed, across all"
            + " connections of the consumer (for pilot:task: of the node's task service, including the descriptions of queued tasks). A frame"
            + " that would pass it is refused or its connection closed. Announced lengths are never allocated up front.")
    private long maxPeerBytesInFlight = 64L * 1024 * 1024;

    // ---------------------------------------------------------------- streams and datagrams
    @UriParam(label = "common", defaultValue = "length", description = "Stream framing: length (u32 length-prefixed messages, request-reply capable) or raw (each chunk is a message).")
    private PilotStreamFraming framing = PilotStreamFraming.length;
    @UriParam(label = "common", defaultValue = "16777216", description = "Largest stream message in bytes; a larger length prefix closes that connection.")
    private int maxMessageBytes = 16 * 1024 * 1024;

    // ---------------------------------------------------------------- admin
    @UriParam(label = "producer", enums = "info,health,resolve,handshake,approve,reject,pending,trusted,revoke,waitForTrust,setHostname,setVisibility,setTags,setWebhook,deregister",
            description = "pilot:admin operation; the CamelPilotOperation header overrides it.")
    private PilotAdminOperation operation;

    public PilotConfiguration copy() {
        try {
            return (PilotConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getSocketPath() {
        return socketPath;
    }

    public void setSocketPath(String socketPath) {
        this.socketPath = socketPath;
    }

    public String getPeer() {
        return peer;
    }

    public void setPeer(String peer) {
        this.peer = peer;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getDialTimeout() {
        return dialTimeout;
    }

    public void setDialTimeout(long dialTimeout) {
        this.dialTimeout = dialTimeout;
    }

    public long getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(long reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(long reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public long getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(long shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getBroker() {
        return broker;
    }

    public void setBroker(String broker) {
        this.broker = broker;
    }

    public int getMaxEventBytes() {
        return maxEventBytes;
    }

    public void setMaxEventBytes(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public long getBrokerCheckInterval() {
        return brokerCheckInterval;
    }

    public void setBrokerCheckInterval(long brokerCheckInterval) {
        this.brokerCheckInterval = brokerCheckInterval;
    }

    public int getPublishRate() {
        return publishRate;
    }

    public void setPublishRate(int publishRate) {
        this.publishRate = publishRate;
    }

    public int getPublishConnections() {
        return publishConnections;
    }

    public void setPublishConnections(int publishConnections) {
        this.publishConnections = publishConnections;
    }

    public int getConcurrentTasks() {
        return concurrentTasks;
    }

    public void setConcurrentTasks(int concurrentTasks) {
        this.concurrentTasks = concurrentTasks;
    }

    public int getMaxQueuedTasks() {
        return maxQueuedTasks;
    }

    public void setMaxQueuedTasks(int maxQueuedTasks) {
        this.maxQueuedTasks = maxQueuedTasks;
    }

    public PilotTaskAcceptPolicy getAcceptFrom() {
        return acceptFrom;
    }

    public void setAcceptFrom(PilotTaskAcceptPolicy acceptFrom) {
        this.acceptFrom = acceptFrom;
    }

    public PilotTaskFailureAction getFailureAction() {
        return failureAction;
    }

    public void setFailureAction(PilotTaskFailureAction failureAction) {
        this.failureAction = failureAction;
    }

    public boolean isIncludeErrorDetails() {
        return includeErrorDetails;
    }

    public void setIncludeErrorDetails(boolean includeErrorDetails) {
        this.includeErrorDetails = includeErrorDetails;
    }

    public String getTasksDir() {
        return tasksDir;
    }

    public void setTasksDir(String tasksDir) {
        this.tasksDir = tasksDir;
    }

    public boolean isReuseTaskConnections() {
        return reuseTaskConnections;
    }

    public void setReuseTaskConnections(boolean reuseTaskConnections) {
        this.reuseTaskConnections = reuseTaskConnections;
    }

    public long getTaskTimeout() {
        return taskTimeout;
    }

    public void setTaskTimeout(long taskTimeout) {
        this.taskTimeout = taskTimeout;
    }

    public PilotDataType getDataType() {
        return dataType;
    }

    public void setDataType(PilotDataType dataType) {
        this.dataType = dataType;
    }

    public String getInboxDir() {
        return inboxDir;
    }

    public void setInboxDir(String inboxDir) {
        this.inboxDir = inboxDir;
    }

    public String getReceivedDir() {
        return receivedDir;
    }

    public void setReceivedDir(String receivedDir) {
        this.receivedDir = receivedDir;
    }

    public long getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(long pollDelay) {
        this.pollDelay = pollDelay;
    }

    public int getMaxDataMessageBytes() {
        return maxDataMessageBytes;
    }

    public void setMaxDataMessageBytes(int maxDataMessageBytes) {
        this.maxDataMessageBytes = maxDataMessageBytes;
    }

    public PilotStreamFraming getFraming() {
        return framing;
    }

    public void setFraming(PilotStreamFraming framing) {
        this.framing = framing;
    }

    public int getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public void setMaxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    public PilotAdminOperation getOperation() {
        return operation;
    }

    public void setOperation(PilotAdminOperation operation) {
        this.operation = operation;
    }

    public int getMaxPeerConnections() {
        return maxPeerConnections;
    }

    public void setMaxPeerConnections(int maxPeerConnections) {
        this.maxPeerConnections = maxPeerConnections;
    }

    public long getPeerFrameTimeout() {
        return peerFrameTimeout;
    }

    public void setPeerFrameTimeout(long peerFrameTimeout) {
        this.peerFrameTimeout = peerFrameTimeout;
    }

    public long getPeerIdleTimeout() {
        return peerIdleTimeout;
    }

    public void setPeerIdleTimeout(long peerIdleTimeout) {
        this.peerIdleTimeout = peerIdleTimeout;
    }

    public long getMaxPeerBytesInFlight() {
        return maxPeerBytesInFlight;
    }

    public void setMaxPeerBytesInFlight(long maxPeerBytesInFlight) {
        this.maxPeerBytesInFlight = maxPeerBytesInFlight;
    }

    /** The bounds for serving incoming peer connections with frames of at most {@code maxFrameBytes}. */
    public PilotPeerServer.Limits peerLimits(int maxFrameBytes, long idleTimeoutMillis) {
        return new PilotPeerServer.Limits(getMaxPeerConnections(), getPeerFrameTimeout(), idleTimeoutMillis,
                getMaxPeerBytesInFlight(), maxFrameBytes);
    }
}
