package io.camelagents.pilot;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code pilot:} component. */
public final class PilotConstants {

    @Metadata(label = "consumer,producer", description = "Event topic: the topic of a received event, or the topic to publish to (overrides the endpoint's topic).", javaType = "String", important = true)
    public static final String TOPIC = "CamelPilotTopic";
    @Metadata(label = "producer", description = "Publish key of an event: with publishConnections above 1, events with the same key always"
            + " take the same broker connection, so their order is kept; events without it (absent or empty) are spread over the connections"
            + " and their order is not kept. Converted to a String; its hash picks the connection.", javaType = "String")
    public static final String PUBLISH_KEY = "CamelPilotPublishKey";
    @Metadata(label = "consumer", description = "Address of the node whose event-stream broker delivered the event.", javaType = "String")
    public static final String BROKER = "CamelPilotBroker";
    @Metadata(label = "consumer", description = "When the message was received, epoch milliseconds.", javaType = "long")
    public static final String RECEIVED_AT = "CamelPilotReceivedAt";
    @Metadata(label = "consumer", description = "Address of the remote node (stream, datagram, task, data).", javaType = "String")
    public static final String REMOTE_ADDRESS = "CamelPilotRemoteAddress";
    @Metadata(label = "consumer", description = "Port of the remote side (stream, datagram).", javaType = "int")
    public static final String REMOTE_PORT = "CamelPilotRemotePort";
    @Metadata(label = "consumer", description = "Local Pilot port the message arrived on.", javaType = "int")
    public static final String LOCAL_PORT = "CamelPilotLocalPort";
    @Metadata(label = "consumer", description = "Daemon connection id of the stream the message came on.", javaType = "long")
    public static final String CONNECTION_ID = "CamelPilotConnectionId";
    @Metadata(label = "producer", description = "Remote node (address or hostname) to send to; overrides the endpoint's peer option.", javaType = "String", important = true)
    public static final String PEER = "CamelPilotPeer";
    @Metadata(label = "consumer,producer", description = "Task id: of the task being executed (consumer), or of the submitted task (producer).", javaType = "String", important = true)
    public static final String TASK_ID = "CamelPilotTaskId";
    @Metadata(label = "producer", description = "Final status of a submitted task (SUCCEEDED, DECLINED, FAILED, CANCELLED, EXPIRED).", javaType = "String")
    public static final String TASK_STATUS = "CamelPilotTaskStatus";
    @Metadata(label = "producer", description = "Every status the submitter saw for the task, in order, as STATUS or STATUS: justification.", javaType = "java.util.List<String>")
    public static final String TASK_STATUS_HISTORY = "CamelPilotTaskStatusHistory";
    @Metadata(label = "consumer,producer", description = "Producer: the justification the executor gave with a final non-success status."
            + " Consumer (pilot:task): set it in the route (e.g. in onException) to tell the submitter why the task failed, instead of the default text.", javaType = "String")
    public static final String TASK_JUSTIFICATION = "CamelPilotTaskJustification";
    @Metadata(label = "producer", description = "Result type of a completed task: text or file.", javaType = "String")
    public static final String TASK_RESULT_TYPE = "CamelPilotTaskResultType";
    @Metadata(label = "consumer,producer", description = "File name: of a received FILE message or task result file, or to send the body as a file.", javaType = "String")
    public static final String FILE_NAME = "CamelPilotFileName";
    @Metadata(label = "consumer,producer", description = "Data-exchange message type: text, json, binary or file (producer: overrides the endpoint's dataType).", javaType = "String")
    public static final String DATA_TYPE = "CamelPilotDataType";
    @Metadata(label = "consumer", description = "Message id the sender attached to a data-exchange message, if any.", javaType = "String")
    public static final String MESSAGE_ID = "CamelPilotMessageId";
    @Metadata(label = "producer", description = "The receiver's acknowledgement of a data-exchange message, e.g. ACK TEXT 5 bytes.", javaType = "String")
    public static final String ACK = "CamelPilotAck";
    @Metadata(label = "producer", description = "Admin operation; overrides the endpoint's operation.", javaType = "io.camelagents.pilot.PilotAdminOperation")
    public static final String OPERATION = "CamelPilotOperation";
    @Metadata(label = "producer", description = "Node id an admin operation acts on (handshake, approve, reject, revoke, waitForTrust).", javaType = "long")
    public static final String NODE_ID = "CamelPilotNodeId";
    @Metadata(label = "producer", description = "Justification of a handshake request, or reason of a rejection.", javaType = "String")
    public static final String JUSTIFICATION = "CamelPilotJustification";

    private PilotConstants() {
    }
}
