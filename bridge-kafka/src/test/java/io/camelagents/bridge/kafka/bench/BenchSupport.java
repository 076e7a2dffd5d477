package io.camelagents.bridge.kafka.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** Small things every case needs: a Camel context, heap, CPU and load figures. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** A context that stops quickly (a stopped case must not hold up the next). */
    static CamelContext context() {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
        context.getShutdownStrategy().setTimeout(20);
        return context;
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Used heap after three System.gc() calls (300 ms apart: G1 may finish concurrent work in between). */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return usedHeap();
    }

    static double jvmCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** CPU time of the node's daemon process (utime + stime; 100 clock ticks per second on Linux), NaN when unknown. */
    static double daemonCpuSeconds(PilotNode node) {
        try {
            String stat = Files.readString(Path.of("/proc/" + node.daemonPid().orElseThrow() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average, "?" when unknown. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** CPU used by this JVM and by the node's daemon since {@link #start}, in % of one core (2 cores = 200 %). */
    record Cpu(PilotNode node, double jvm, double daemon, long at) {
        static Cpu start(PilotNode node) {
            return new Cpu(node, jvmCpuSeconds(), daemonCpuSeconds(node), System.nanoTime());
        }

        String since() {
            double wall = (System.nanoTime() - at) / 1e9;
            return fmt("cpu jvm %.0f%%, daemon %.0f%%, load %s", 100 * (jvmCpuSeconds() - jvm) / wall,
                    100 * (daemonCpuSeconds(node) - daemon) / wall, load());
        }
    }
}
