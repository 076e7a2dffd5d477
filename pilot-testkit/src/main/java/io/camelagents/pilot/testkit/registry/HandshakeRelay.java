package io.camelagents.pilot.testkit.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Store-and-forward for trust handshakes that cannot go directly to the peer's port 444 (a private
 * node drops untrusted SYNs). A request waits in the target's inbox until the target's next
 * {@code poll_handshakes}; the answer waits in the requester's response inbox. Kept in memory only.
 */
final class HandshakeRelay {

    private static final int MAX_INBOX = 100;
    private static final int MAX_JUSTIFICATION = 1024;

    record Request(long fromNodeId, String justification, long timestamp) {
    }

    record Response(long fromNodeId, boolean accept, long timestamp) {
    }

    record Drained(List<Request> requests, List<Response> responses) {
    }

    private final Clock clock;
    private final Map<Long, List<Request>> requests = new HashMap<>();
    private final Map<Long, List<Response>> responses = new HashMap<>();
    /** "to:from" pairs with an unanswered request; survives polling so a later respond can be checked. */
    private final Set<String> pending = new HashSet<>();

    HandshakeRelay(Clock clock) {
        this.clock = clock;
    }

    synchronized void request(long from, long to, String justification) throws RegistryException {
        if (justification.length() > MAX_JUSTIFICATION) {
            throw new RegistryException("justification too large: " + justification.length()
                    + " bytes (max " + MAX_JUSTIFICATION + ")");
        }
        if (!pending.add(to + ":" + from)) {
            throw new RegistryException("handshake request already pending from node " + from);
        }
        List<Request> inbox = requests.computeIfAbsent(to, k -> new ArrayList<>());
        if (inbox.size() >= MAX_INBOX) {
            pending.remove(to + ":" + from);
            throw new RegistryException("handshake inbox full for node " + to);
        }
        inbox.add(new Request(from, justification, clock.instant().getEpochSecond()));
    }

    synchronized Drained poll(long nodeId) {
        List<Request> req = requests.remove(nodeId);
        List<Response> resp = responses.remove(nodeId);
        return new Drained(req == null ? List.of() : req, resp == null ? List.of() : resp);
    }

    /**
     * Records the responder's decision for the requester. An approval needs a matching earlier
     * request (otherwise anyone could mint trust); a rejection is always passed on.
     */
    synchronized void respond(long responder, long requester, boolean accept) throws RegistryException {
        boolean hadRequest = pending.remove(responder + ":" + requester);
        if (accept && !hadRequest) {
            throw new RegistryException("no pending handshake request from node " + requester);
        }
        responses.computeIfAbsent(requester, k -> new ArrayList<>())
                .add(new Response(responder, accept, clock.instant().getEpochSecond()));
    }

    synchronized void forget(long nodeId) {
        requests.remove(nodeId);
        responses.remove(nodeId);
    }
}
