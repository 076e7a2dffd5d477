package io.camelagents.pilot.testkit;

import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link PilotNetwork}. The network lives in the class-level store, so JUnit closes it
 * after the class, also when tests fail. Missing binaries fail the class: tests never skip silently.
 */
public final class LocalPilotNetworkExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalPilotNetworkExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalPilotNetwork.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        PilotNetwork spec = testClass.getAnnotation(PilotNetwork.class);
        if (spec == null) {
            throw new ParameterResolutionException(testClass + " needs @PilotNetwork to get a LocalPilotNetwork");
        }
        Holder holder = classContext.getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(
                LocalPilotNetwork.builder()
                        .generation(spec.generation())
                        .nodes(spec.nodes())
                        .hostnamePrefix(spec.hostnamePrefix())
                        .mutualTrust(spec.mutualTrust())
                        .autoApproveTrust(spec.autoApproveTrust())
                        .extraDaemonFlags(List.of(spec.extraDaemonFlags()))
                        .start()), Holder.class);
        return holder.network;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** Closed by JUnit (5.13+ closes AutoCloseable store values) when the class finishes. */
    private record Holder(LocalPilotNetwork network) implements AutoCloseable {
        @Override
        public void close() {
            network.close();
        }
    }
}
