package io.camelagents.mcp;

import java.util.Locale;

import io.camelagents.mcp.config.McpDurations;
import org.apache.camel.CamelContext;

/**
 * The generated configurers with one change: {@code requestTimeout} goes through {@link McpDurations}. Camel's
 * converter fails on {@code 30 secs} with a bare NumberFormatException and turns {@code abc} or {@code -5s} into 0
 * (which would silently mean "the server's timeout"); here each is a {@link McpConfigurationException} saying what
 * to write instead.
 */
final class McpDurationOptions {

    private McpDurationOptions() {
    }

    static boolean isRequestTimeout(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").equals("requesttimeout");
    }

    static long requestTimeout(Object value, String where) {
        return McpDurations.toMillis(value, null, where);
    }

    /** camel.component.mcp.* options. */
    static final class Component extends McpComponentConfigurer {
        @Override
        public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
            if (target instanceof McpComponent component && isRequestTimeout(name)) {
                if (component.getConfiguration() == null) {
                    component.setConfiguration(new McpConfiguration());
                }
                component.getConfiguration().setRequestTimeout(requestTimeout(value, "camel.component.mcp.requestTimeout"));
                return true;
            }
            return super.configure(camelContext, target, name, value, ignoreCase);
        }
    }

    /** Endpoint URI options. */
    static final class Endpoint extends McpEndpointConfigurer {
        @Override
        public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
            if (target instanceof McpEndpoint endpoint && isRequestTimeout(name)) {
                endpoint.getConfiguration().setRequestTimeout(requestTimeout(value,
                        "option requestTimeout of " + endpoint.getEndpointUri()));
                return true;
            }
            return super.configure(camelContext, target, name, value, ignoreCase);
        }
    }
}
