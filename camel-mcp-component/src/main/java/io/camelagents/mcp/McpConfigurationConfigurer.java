package io.camelagents.mcp;

import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.component.PropertyConfigurerSupport;

/**
 * Binds {@link McpConfiguration} when it is configured as an object of its own (a bean, or
 * {@code camel.component.mcp.configuration.request-timeout=...}). Written by hand instead of generated from
 * {@code @Configurer}: the generated one converts requestTimeout with Camel's long converter, which turns
 * {@code PT30S} and {@code abc} into 0 ("use the server's timeout") without a word. Registered in
 * META-INF/services/org/apache/camel/configurer/io.camelagents.mcp.McpConfiguration.
 */
public class McpConfigurationConfigurer extends PropertyConfigurerSupport implements PropertyConfigurer, PropertyConfigurerGetter {

    @Override
    public boolean configure(CamelContext camelContext, Object obj, String name, Object value, boolean ignoreCase) {
        McpConfiguration target = (McpConfiguration) obj;
        switch (normalize(name)) {
            case "operation" -> target.setOperation(property(camelContext, McpOperation.class, value));
            case "resultmode" -> target.setResultMode(property(camelContext, McpResultMode.class, value));
            case "failontoolerror" -> target.setFailOnToolError(property(camelContext, boolean.class, value));
            case "requesttimeout" -> target.setRequestTimeout(McpDurationOptions.requestTimeout(value,
                    "McpConfiguration option requestTimeout"));
            case "resourceuri" -> target.setResourceUri(property(camelContext, String.class, value));
            case "promptname" -> target.setPromptName(property(camelContext, String.class, value));
            case "trackprogress" -> target.setTrackProgress(property(camelContext, boolean.class, value));
            case "progresslistener" -> target.setProgressListener(property(camelContext, McpProgressListener.class, value));
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public Class<?> getOptionType(String name, boolean ignoreCase) {
        return switch (normalize(name)) {
            case "operation" -> McpOperation.class;
            case "resultmode" -> McpResultMode.class;
            case "failontoolerror", "trackprogress" -> boolean.class;
            case "requesttimeout" -> long.class;
            case "resourceuri", "promptname" -> String.class;
            case "progresslistener" -> McpProgressListener.class;
            default -> null;
        };
    }

    @Override
    public Object getOptionValue(Object obj, String name, boolean ignoreCase) {
        McpConfiguration target = (McpConfiguration) obj;
        return switch (normalize(name)) {
            case "operation" -> target.getOperation();
            case "resultmode" -> target.getResultMode();
            case "failontoolerror" -> target.isFailOnToolError();
            case "requesttimeout" -> target.getRequestTimeout();
            case "resourceuri" -> target.getResourceUri();
            case "promptname" -> target.getPromptName();
            case "trackprogress" -> target.isTrackProgress();
            case "progresslistener" -> target.getProgressListener();
            default -> null;
        };
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "");
    }
}
