package io.camelagents.pilot.bench;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotReadiness;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The victim JVM of {@link HostileConnectionsBenchmark}: a CamelContext with a {@code pilot:task} consumer
 * (acceptFrom=any; answers "done") and a {@code pilot:stream:5200} consumer (exchangePattern=InOut, length framing;
 * answers "pong") on one node's socket, and nothing else. Only public endpoint options are used, so it runs unchanged
 * against any implementation of those consumers.
 * <p>
 * Talks to the benchmark on stdin/stdout; every answer is one line starting with {@value #PREFIX} (log output
 * shares stdout and is ignored by the benchmark):
 * <ul>
 * <li>once both consumers serve: {@code HV|READY pid=<pid>} (or {@code HV|FAILED <reason>} and exit 1)</li>
 * <li>{@code stats <seq>}: {@code HV|STATS <seq> heap=<bytes used after two System.gc()> threads=<live>
 * peak=<peak since last reset> daemon=<daemon threads> oom=<java heap OutOfMemoryErrors so far>}</li>
 * <li>{@code threads <seq>}: {@code HV|THREADS <seq> <live threads>} (no GC; cheap, for polling)</li>
 * <li>{@code resetpeak <seq>}: {@code HV|OK <seq>}</li>
 * <li>{@code quit} or end of stdin: exits</li>
 * </ul>
 * Run by the benchmark as {@code java -Xmx1g -cp <test classpath> io.camelagents.pilot.bench.HostileVictim <socketPath>}.
 */
public final class HostileVictim {
    static final String PREFIX = "HV|";
    static final int STREAM_PORT = 5200;
    static final String TASK_RESULT = "done";
    static final String STREAM_REPLY = "pong";
    private static final Pattern HEAP_OOMS = Pattern.compile("java_heap_errors=(\\d+)");

    public static void main(String[] args) throws Exception {
        String socketPath = args[0];
        // answers go to the real stdout; the protocol lines are written whole and flushed under one lock
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        CamelContext context = new DefaultCamelContext();
        try {
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(2000);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:task?acceptFrom=any&socketPath=" + socketPath).routeId("victim-task").setBody(constant(TASK_RESULT));
                    from("pilot:stream:" + STREAM_PORT + "?exchangePattern=InOut&socketPath=" + socketPath).routeId("victim-stream")
                            .setBody(constant(STREAM_REPLY));
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
        } catch (Throwable e) {
            answer(out, "FAILED " + e);
            System.exit(1);
        }
        answer(out, "READY pid=" + ProcessHandle.current().pid());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split("\\s+");
            String seq = cmd.length > 1 ? cmd[1] : "0";
            try {
                switch (cmd[0]) {
                    case "stats" -> {
                        System.gc();
                        System.gc();
                        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                        answer(out, "STATS " + seq + " heap=" + heap + " threads=" + threads.getThreadCount() + " peak="
                                + threads.getPeakThreadCount() + " daemon=" + threads.getDaemonThreadCount() + " oom=" + heapOoms());
                    }
                    case "threads" -> answer(out, "THREADS " + seq + " " + threads.getThreadCount());
                    case "resetpeak" -> {
                        threads.resetPeakThreadCount();
                        answer(out, "OK " + seq);
                    }
                    case "quit" -> {
                        answer(out, "BYE");
                        Runtime.getRuntime().halt(0);
                    }
                    default -> answer(out, "ERROR " + seq + " unknown command " + cmd[0]);
                }
            } catch (Throwable e) {
                // an OutOfMemoryError here is itself a result: say so instead of dying silently
                answer(out, "ERROR " + seq + " " + e);
            }
        }
        Runtime.getRuntime().halt(0);
    }

    private static void answer(PrintStream out, String text) {
        synchronized (out) {
            out.println(PREFIX + text);
            out.flush();
        }
    }

    /** The JVM's count of "Java heap space" OutOfMemoryErrors, including ones a thread pool swallowed; -1 if unknown. */
    private static long heapOoms() {
        try { // may itself fail on a full heap
            String info = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmInfo", new Object[] {null},
                    new String[] {String[].class.getName()});
            Matcher m = HEAP_OOMS.matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (Throwable e) {
            return -1;
        }
    }

    private HostileVictim() {
    }
}
