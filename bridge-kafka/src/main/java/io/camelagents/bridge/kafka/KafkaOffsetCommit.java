package io.camelagents.bridge.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * The last step of kafka-to-pilot: commits the record's offset synchronously, but only once the Pilot publish of
 * this record (and, the consumer being sequential, of every earlier record of its partition) succeeded. To keep
 * commits cheap it commits on the last record of each partition in a poll (CamelKafkaLastRecordBeforeCommit);
 * anything processed but not yet committed when the consumer or the broker stops is delivered again
 * (at-least-once: duplicates, never gaps).
 */
public final class KafkaOffsetCommit {

    public void commitIfLastOfPoll(Exchange exchange) {
        Boolean last = exchange.getIn().getHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, Boolean.class);
        if (!Boolean.TRUE.equals(last)) {
            return;
        }
        KafkaManualCommit commit = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("no " + KafkaConstants.MANUAL_COMMIT + " header: the kafka endpoint needs"
                    + " allowManualCommit=true and a kafkaManualCommitFactory");
        }
        commit.commit();
    }
}
