package io.camelagents.pilot.protocol;

/** JSON bodies of task frames (field names are snake_case on the wire). */
public final class TaskMessages {
    private TaskMessages() {
    }

    /** Task states, as the v1.2.2 task service writes them. */
    public static final class Status {
        public static final String NEW = "NEW";
        public static final String ACCEPTED = "ACCEPTED";
        public static final String DECLINED = "DECLINED";
        public static final String EXECUTING = "EXECUTING";
        public static final String COMPLETED = "COMPLETED";
        public static final String SUCCEEDED = "SUCCEEDED";
        public static final String FAILED = "FAILED";
        public static final String CANCELLED = "CANCELLED";
        public static final String EXPIRED = "EXPIRED";

        private Status() {
        }

        /** States after which nothing more happens to a task. */
        public static boolean isFinal(String status) {
            return SUCCEEDED.equals(status) || COMPLETED.equals(status) || DECLINED.equals(status)
                    || FAILED.equals(status) || CANCELLED.equals(status) || EXPIRED.equals(status);
        }
    }

    /**
     * SUBMIT: the submitter picks the task id. {@code replyOnConnection} and {@code keepAlive} are our extensions
     * (older receivers ignore unknown fields). With {@code replyOnConnection} the executor sends status updates and
     * results back on the submit connection instead of dialing the submitter's port 1003 for each one. With
     * {@code keepAlive} as well, the submitter asks to reuse the connection for its next SUBMIT once this task's
     * final status has arrived; the executor agrees by answering with {@code keep_alive_ms}.
     */
    public record Submit(String taskId, String taskDescription, String fromAddr, String toAddr, Boolean replyOnConnection,
            Boolean keepAlive) {
        public Submit(String taskId, String taskDescription, String fromAddr, String toAddr) {
            this(taskId, taskDescription, fromAddr, toAddr, null, null);
        }

        public Submit(String taskId, String taskDescription, String fromAddr, String toAddr, Boolean replyOnConnection) {
            this(taskId, taskDescription, fromAddr, toAddr, replyOnConnection, null);
        }

        public boolean wantsReplyOnConnection() {
            return Boolean.TRUE.equals(replyOnConnection);
        }

        /** Keeping the connection only makes sense when the task's reports travel on it. */
        public boolean wantsKeepAlive() {
            return wantsReplyOnConnection() && Boolean.TRUE.equals(keepAlive);
        }
    }

    /**
     * Answer to SUBMIT: status 200 accepted for queueing, 400 refused. {@code keepAliveMs} (our extension, null
     * otherwise) says the executor keeps the connection open for a further SUBMIT after this task's final status,
     * for at most that long without traffic.
     */
    public record SubmitResponse(String taskId, int status, String message, Long keepAliveMs) {
        public SubmitResponse(String taskId, int status, String message) {
            this(taskId, status, message, null);
        }

        public boolean keepsConnection() {
            return status == 200 && keepAliveMs != null && keepAliveMs > 0;
        }
    }

    public record StatusUpdate(String taskId, String status, String justification) {
    }

    /** SEND_RESULTS: {@code resultType} is {@code text} or {@code file} (base64 {@code fileData}). */
    public record Results(String taskId, String resultType, String resultText, String filename, String fileData,
            String completedAt, long timeIdleMs, long timeStagedMs, long timeCpuMs) {
    }
}
