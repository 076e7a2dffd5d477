package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;

/**
 * Trust administration and node settings through the driver, on real daemons that do NOT approve on their own,
 * so requests wait for approve / reject.
 */
@PilotNetwork(nodes = 3, hostnamePrefix = "tr", mutualTrust = false, autoApproveTrust = false)
class DriverTrustAndSettingsTest {

    @Test
    void requestApproveRejectRevoke(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        PilotNode c = network.node(2);
        try (PilotDriver da = PilotDriver.connect(a.socketPath().toString());
             PilotDriver db = PilotDriver.connect(b.socketPath().toString());
             PilotDriver dc = PilotDriver.connect(c.socketPath().toString())) {
            da.requestTrust(b.nodeId(), "please trust me");
            PendingHandshake pending = awaitPending(db, a.nodeId());
            assertEquals("please trust me", pending.justification());
            db.approveTrust(a.nodeId());
            assertTrue(da.waitForTrust(b.nodeId(), Duration.ofSeconds(30)), "A learns that B approved");
            assertTrue(db.trustedPeers().stream().anyMatch(p -> p.nodeId() == a.nodeId()));

            dc.requestTrust(b.nodeId(), "me too");
            awaitPending(db, c.nodeId());
            db.rejectTrust(c.nodeId(), "not today");
            assertFalse(dc.waitForTrust(b.nodeId(), Duration.ofSeconds(3)));
            assertTrue(db.pendingTrust().stream().noneMatch(p -> p.nodeId() == c.nodeId()));

            db.revokeTrust(a.nodeId());
            assertTrue(db.trustedPeers().stream().noneMatch(p -> p.nodeId() == a.nodeId()));
        }
    }

    @Test
    void hostnameVisibilityTagsWebhook(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode c = network.node(2);
        try (PilotDriver da = PilotDriver.connect(a.socketPath().toString());
             PilotDriver dc = PilotDriver.connect(c.socketPath().toString())) {
            dc.setHostname("tr-renamed");
            assertEquals(c.nodeId(), da.resolveHostname("tr-renamed").nodeId());
            dc.setHostname(c.hostname());
            assertEquals(c.nodeId(), da.resolveHostname(c.hostname()).nodeId());
            dc.setTags(List.of("research", "gpu"));
            assertThrows(IllegalArgumentException.class, () -> dc.setTags(List.of("a", "b", "c", "d")));
            assertEquals("http://127.0.0.1:9/hook", dc.setWebhook("http://127.0.0.1:9/hook").get("webhook"));
            dc.setWebhook(null);
            dc.setVisibility(true);
            assertTrue(da.resolveHostname(c.hostname()).isPublic());
        }
    }

    private static PendingHandshake awaitPending(PilotDriver driver, long from) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (PendingHandshake p : driver.pendingTrust()) {
                if (p.nodeId() == from) {
                    return p;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no pending handshake from node " + from + " within 60 s");
    }
}
