package io.camelagents.pilot.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelagents.pilot.protocol.TopicPattern;
import org.junit.jupiter.api.Test;

class SourceUnitPlannerTest {
    private static final String A = "0:0000.0000.0005";
    private static final String B = "agent-b";

    @Test
    void exactTopicsAreOneUnitEachPerBroker() {
        List<SourceUnit> units = SourceUnitPlanner.plan(List.of(A, B), List.of("x", "y"));
        assertEquals(List.of(new SourceUnit(A, "x", List.of("x")), new SourceUnit(A, "y", List.of("y")),
                new SourceUnit(B, "x", List.of("x")), new SourceUnit(B, "y", List.of("y"))), units);
    }

    @Test
    void globsShareOneStarSubscriptionAndAbsorbTheExactTopicsTheyMatch() {
        List<SourceUnit> units = SourceUnitPlanner.plan(List.of(), List.of("research.*", "research.done", "ops.**", "ops.a.b",
                "billing"));
        assertEquals(List.of(new SourceUnit("", "*", List.of("research.*", "ops.**")), new SourceUnit("", "billing", List.of("billing"))),
                units);
    }

    @Test
    void starAbsorbsEveryExactTopic() {
        assertEquals(List.of(new SourceUnit("", "*", List.of("*"))), SourceUnitPlanner.plan(List.of(""), List.of("a", "*", "b")));
    }

    @Test
    void duplicatesInTheConfigAreOneUnit() {
        List<SourceUnit> units = SourceUnitPlanner.plan(List.of("0:0000.0000.000a", "0:0000.0000.000A", A), List.of("x", "x"));
        assertEquals(List.of(new SourceUnit("0:0000.0000.000A", "x", List.of("x")), new SourceUnit(A, "x", List.of("x"))), units);
    }

    @Test
    void unitsAreDealtRoundRobin() {
        List<SourceUnit> units = SourceUnitPlanner.plan(List.of(A), List.of("t1", "t2", "t3", "t4", "t5"));
        List<List<SourceUnit>> tasks = SourceUnitPlanner.deal(units, 2);
        assertEquals(2, tasks.size());
        assertEquals(List.of("t1", "t3", "t5"), tasks.get(0).stream().map(SourceUnit::subscription).toList());
        assertEquals(List.of("t2", "t4"), tasks.get(1).stream().map(SourceUnit::subscription).toList());
    }

    @Test
    void neverMoreTasksThanUnits() {
        List<SourceUnit> units = SourceUnitPlanner.plan(List.of(A, B), List.of("research.*"));
        List<List<SourceUnit>> tasks = SourceUnitPlanner.deal(units, 10);
        assertEquals(2, tasks.size());
        tasks.forEach(t -> assertEquals(1, t.size()));
    }

    @Test
    void noTwoTasksEverSubscribeToTheSameBrokerAndTopic() {
        List<String> brokers = List.of(A, B, "0:0000.0000.0007");
        List<String> topics = List.of("a.*", "a.x", "b", "c", "c", "d.**", "d.e.f", "*.z", "q.z");
        for (int maxTasks = 1; maxTasks <= 12; maxTasks++) {
            Set<String> seen = new HashSet<>();
            List<SourceUnit> all = new ArrayList<>();
            for (List<SourceUnit> task : SourceUnitPlanner.deal(SourceUnitPlanner.plan(brokers, topics), maxTasks)) {
                for (SourceUnit u : task) {
                    assertTrue(seen.add(u.broker() + "|" + u.subscription()), "twice: " + u);
                    all.add(u);
                }
            }
            // and every topic a config names is covered at every broker by exactly one unit
            for (String broker : brokers) {
                for (String t : List.of("a.x", "a.y", "b", "c", "d.e.f", "q.z", "k.z")) {
                    long covering = all.stream().filter(u -> u.broker().equals(broker))
                            .filter(u -> u.parsedPatterns().stream().anyMatch(p -> p.matches(t))).count();
                    assertEquals(1, covering, t + " at " + broker + " with tasks.max " + maxTasks);
                }
            }
        }
    }

    @Test
    void theConnectorWritesUnitsIntoTaskConfigs() {
        PilotEventsSourceConnector connector = new PilotEventsSourceConnector();
        connector.start(Map.of("name", "src", PilotSourceConfig.TOPICS, "x,y,z,w.*", PilotSourceConfig.KAFKA_TOPIC, "out"));
        List<Map<String, String>> configs = connector.taskConfigs(3);
        assertEquals(3, configs.size());
        List<SourceUnit> seen = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            PilotSourceConfig task = PilotSourceConfig.forTask(configs.get(i));
            assertEquals(i, task.taskIndex());
            assertEquals("out", configs.get(i).get(PilotSourceConfig.KAFKA_TOPIC), "the connector's keys are passed on");
            seen.addAll(task.taskUnits());
        }
        List<SourceUnit> planned = SourceUnitPlanner.plan(List.of(), List.of("x", "y", "z", "w.*"));
        assertEquals(planned.size(), seen.size());
        assertEquals(Set.copyOf(planned), Set.copyOf(seen));
        assertEquals(1, connector.taskConfigs(1).size());
    }

    @Test
    void unitsSurviveTheirJsonTripWhateverTheTopicHolds() {
        List<SourceUnit> units = List.of(new SourceUnit("", "a,b;c|d\"e\\f", List.of("a,b;c|d\"e\\f")),
                new SourceUnit(A, "*", List.of("résumé.*", "**")));
        assertEquals(units, SourceUnit.decode(SourceUnit.encode(units)));
        units.get(1).parsedPatterns().forEach(p -> assertTrue(p instanceof TopicPattern));
    }

    @Test
    void sourcePartitionsNameBrokerAndSubscription() {
        assertEquals(Map.of("broker", "local", "subscription", "*"), new SourceUnit("", "*", List.of("a.*")).sourcePartition());
        assertEquals(Map.of("broker", A, "subscription", "x"), new SourceUnit(A, "x", List.of("x")).sourcePartition());
    }
}
