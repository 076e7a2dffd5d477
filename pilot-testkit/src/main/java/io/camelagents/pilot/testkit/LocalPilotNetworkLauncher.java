package io.camelagents.pilot.testkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * Runs a {@link LocalPilotNetwork} from the command line until stdin closes or the process is terminated.
 * Prints one line per node (socket, address, node id, HOME, daemon pid), the registry, then {@code READY}.
 * <pre>
 *   java -cp ... io.camelagents.pilot.testkit.LocalPilotNetworkLauncher [--nodes 2] [--generation NEWEST] [--prefix agent]
 * </pre>
 */
public final class LocalPilotNetworkLauncher {
    private LocalPilotNetworkLauncher() {
    }

    public static void main(String[] args) throws IOException {
        LocalPilotNetwork.Builder builder = LocalPilotNetwork.builder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--nodes" -> builder.nodes(Integer.parseInt(require(args[i], value)));
                case "--generation" -> builder.generation(PilotGeneration.valueOf(require(args[i], value)));
                case "--prefix" -> builder.hostnamePrefix(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --nodes N, --generation NEWEST|V1_2_2, --prefix NAME");
            }
            i++;
        }
        try (LocalPilotNetwork network = builder.start()) {
            for (PilotNode n : network.nodes()) {
                System.out.println("node " + n.name() + " socket=" + n.socketPath() + " address=" + n.address()
                        + " node_id=" + n.nodeId() + " home=" + n.home() + " pid=" + n.daemonPid().orElse(-1L));
            }
            System.out.println("registry " + network.registryAddress());
            System.out.println("READY");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // runs until stdin closes; the shutdown hook covers SIGTERM
            }
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
