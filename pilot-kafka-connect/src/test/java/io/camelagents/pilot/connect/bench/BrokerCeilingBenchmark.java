package io.camelagents.pilot.connect.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.camelagents.pilot.testkit.LocalPilotNetwork;

/**
 * Runs {@link BrokerCeiling} over a matrix of cases on a fresh local network (newest daemons, 3 nodes).
 * Arguments: {@code ns=1,2,4,8,16,32 seconds=4 rate=100 nodes=3 modes=N_TO_1,FAN_OUT,PAIRS placements=one,several
 * drivers=own[,shared] repeat=1}.
 */
public final class BrokerCeilingBenchmark {
    public static void main(String[] args) throws Exception {
        int[] ns = {1, 2, 4, 8, 16, 32};
        double seconds = 4;
        int rate = 100;
        int nodeCount = 3;
        int repeat = 1;
        List<BrokerCeiling.Mode> modes = List.of(BrokerCeiling.Mode.values());
        List<Boolean> placements = List.of(false, true);
        List<Boolean> drivers = List.of(false);
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "ns" -> ns = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "seconds" -> seconds = Double.parseDouble(kv[1]);
                case "rate" -> rate = Integer.parseInt(kv[1]);
                case "nodes" -> nodeCount = Integer.parseInt(kv[1]);
                case "repeat" -> repeat = Integer.parseInt(kv[1]);
                case "modes" -> modes = Arrays.stream(kv[1].split(",")).map(BrokerCeiling.Mode::valueOf).toList();
                case "placements" -> placements = Arrays.stream(kv[1].split(",")).map("several"::equals).toList();
                case "drivers" -> drivers = Arrays.stream(kv[1].split(",")).map("shared"::equals).toList();
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        List<String> lines = new ArrayList<>();
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(nodeCount).hostnamePrefix("ceil").start()) {
            BrokerCeiling ceiling = new BrokerCeiling(network.nodes(), rate, seconds);
            for (int r = 0; r < repeat; r++) {
                for (BrokerCeiling.Mode mode : modes) {
                    for (boolean several : placements) {
                        for (boolean shared : drivers) {
                            for (int n : ns) {
                                String line = ceiling.run(mode, n, several, shared).line();
                                System.out.println(line);
                                lines.add(line);
                            }
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("==== broker ceiling (1.18.0, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + rate + "/s per publisher connection, " + seconds + " s per case) ====");
        lines.forEach(System.out::println);
        System.exit(0);
    }
}
