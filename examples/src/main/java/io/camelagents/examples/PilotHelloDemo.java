package io.camelagents.examples;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;

/**
 * Two agents on a real local Pilot network, through the plain-Java driver only: alice sends bob a message on a
 * stream and bob answers; bob subscribes to his node's event broker and alice publishes an event to it.
 */
public final class PilotHelloDemo {
    public static void main(String[] args) throws Exception {
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(2).hostnamePrefix("hello").start();
             PilotDriver alice = PilotDriver.connect(network.node(0).socketPath().toString());
             PilotDriver bob = PilotDriver.connect(network.node(1).socketPath().toString())) {
            PilotNode bobNode = network.node(1);
            System.out.println("alice is " + alice.nodeInfo().address() + ", bob is " + bob.nodeInfo().address()
                    + " (daemon " + bob.nodeInfo().version() + ")");

            // 1. a message on a stream: bob listens on port 5000, alice dials bob by hostname
            try (PilotListener listener = bob.listen(5000);
                 PilotConnection toBob = alice.dial(bobNode.hostname(), 5000, Duration.ofSeconds(20))) {
                toBob.getOutputStream().write("hello bob".getBytes(StandardCharsets.UTF_8));
                try (PilotConnection fromAlice = listener.accept(Duration.ofSeconds(20))) {
                    byte[] got = new byte[9];
                    new DataInputStream(fromAlice.getInputStream()).readFully(got);
                    System.out.println("bob received from " + fromAlice.remote().address() + ": " + new String(got, StandardCharsets.UTF_8));
                    fromAlice.getOutputStream().write("hi alice".getBytes(StandardCharsets.UTF_8));
                }
                System.out.println("alice received: " + new String(toBob.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }

            // 2. an event: bob subscribes at his own broker (port 1002), alice publishes to it
            PilotAddress bobAddress = bob.nodeInfo().address();
            try (PilotConnection subscription = bob.dial(new PilotSocketAddress(bobAddress, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(20));
                 PilotConnection publisher = alice.dial(new PilotSocketAddress(bobAddress, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(20))) {
                new EventFrame("greetings", new byte[0]).writeTo(subscription.getOutputStream());
                new EventFrame("alice.publisher", new byte[0]).writeTo(publisher.getOutputStream());
                // The broker does not acknowledge a subscription and keeps no events, so an event published before
                // it registered bob would be lost: alice publishes until bob's reader has one (bounded by 30 s).
                subscription.setReadTimeoutMillis(30_000);
                CompletableFuture<EventFrame> received = CompletableFuture.supplyAsync(() -> readEvent(subscription));
                byte[] hi = "alice says hi".getBytes(StandardCharsets.UTF_8);
                while (!received.isDone()) {
                    new EventFrame("greetings", hi).writeTo(publisher.getOutputStream());
                    try {
                        received.get(200, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException notYet) {
                        // publish again
                    }
                }
                EventFrame event = received.get();
                System.out.println("bob got event '" + event.topic() + "': " + new String(event.payload(), StandardCharsets.UTF_8));
            }
        }
        System.out.println("done: network stopped");
    }

    private static EventFrame readEvent(PilotConnection subscription) {
        try {
            return EventFrame.readFrom(subscription.getInputStream(), 1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("no event within 30 s", e);
        }
    }

    private PilotHelloDemo() {
    }
}
