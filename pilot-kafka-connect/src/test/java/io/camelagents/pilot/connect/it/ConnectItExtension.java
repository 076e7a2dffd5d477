package io.camelagents.pilot.connect.it;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests the {@link ConnectItEnvironment}, started once per JVM (root store: JUnit closes it when all ITs are
 * done, also after failures), and prints the workers' and daemons' log tails when a test fails. A missing part
 * (binaries, packaged plugin, worker classpath) fails the tests; nothing is skipped.
 */
public final class ConnectItExtension implements ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ConnectItExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == ConnectItEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return environment(context);
    }

    static ConnectItEnvironment environment(ExtensionContext context) {
        Holder h = context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> Holder.start(), Holder.class);
        if (h.failure != null) {
            // started once: later tests fail with the same cause instead of waiting through another start
            throw new IllegalStateException("the cluster IT environment did not start", h.failure);
        }
        return h.env;
    }

    /** The environment or why it did not start; closed by JUnit (root store) after the last test. */
    private record Holder(ConnectItEnvironment env, RuntimeException failure) implements AutoCloseable {
        static Holder start() {
            try {
                return new Holder(ConnectItEnvironment.start(), null);
            } catch (RuntimeException e) {
                return new Holder(null, e);
            }
        }

        @Override
        public void close() {
            if (env != null) {
                env.close();
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Optional.ofNullable(context.getRoot().getStore(NS).get(Holder.class, Holder.class)).map(Holder::env)
                .ifPresent(env -> {
                    System.out.println("===== " + context.getDisplayName() + " failed: logs =====");
                    env.printDiagnostics(System.out);
                });
    }
}
