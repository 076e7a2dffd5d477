package io.camelagents.mcp.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelagents.mcp.McpComponent;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.config.McpServerPropertiesBinder;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfigureAfter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Applies {@code camel.component.mcp.*} from application.yaml to the {@code mcp} component when Camel creates it:
 * the component options, and each named server {@code camel.component.mcp.servers.<name>.*} through the
 * component's own McpServerPropertiesBinder (the same checks as camel-main). Switched off with
 * {@code camel.component.mcp.enabled=false} or {@code camel.component.mcp.customizer.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, McpComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.mcp" })
@AutoConfigureAfter(CamelAutoConfiguration.class)
public class McpComponentAutoConfiguration {

    static final String SERVERS_PREFIX = "camel.component.mcp.servers";

    private final ApplicationContext applicationContext;
    private final CamelContext camelContext;
    private final McpComponentConfiguration configuration;

    public McpComponentAutoConfiguration(ApplicationContext applicationContext, CamelContext camelContext,
            McpComponentConfiguration configuration, Environment environment) {
        this.applicationContext = applicationContext;
        this.camelContext = camelContext;
        this.configuration = configuration;
        rejectUnknownServerOptions(environment);
    }

    /**
     * A misspelled server option (allowed-tool for allowed-tools) fails start-up instead of being ignored, as it
     * does in camel-main: Spring Boot drops unknown keys by default, which would silently open an allow-list.
     */
    static void rejectUnknownServerOptions(Environment environment) {
        Binder.get(environment).bind(SERVERS_PREFIX, Bindable.mapOf(String.class, McpServerProperties.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureMcpComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                // failIfNotSet: an option the component does not take is a start-up error, never dropped.
                CamelPropertiesHelper.setCamelProperties(camelContext, target, configuration.options(), true);
                if (configuration.getServers() != null && !configuration.getServers().isEmpty()) {
                    McpComponent mcp = (McpComponent) target;
                    Map<String, McpServerDefinition> servers = new LinkedHashMap<>(mcp.getServers());
                    configuration.getServers().forEach((server, properties) ->
                            servers.put(server, definition(server, properties)));
                    mcp.setServers(servers);
                }
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.mcp.customizer") && target instanceof McpComponent;
            }
        };
    }

    /** The server's definition, every set option applied (and remembered) by the component's binder. */
    static McpServerDefinition definition(String server, McpServerProperties properties) {
        McpServerDefinition definition = new McpServerDefinition();
        definition.setName(server);
        properties.options().forEach((option, value) ->
                McpServerPropertiesBinder.applyOption(server, definition, option, value));
        return definition;
    }
}
