package io.camelagents.pilot.springboot;

import io.camelagents.pilot.PilotComponent;
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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Applies {@code camel.component.pilot.*} from application.yaml to the {@code pilot} component when Camel creates
 * it, like every Camel Spring Boot starter: a ComponentCustomizer, switched off with
 * {@code camel.component.pilot.enabled=false} or {@code camel.component.pilot.customizer.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, PilotComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.pilot" })
@AutoConfigureAfter(CamelAutoConfiguration.class)
public class PilotComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final CamelContext camelContext;
    private final PilotComponentConfiguration configuration;

    public PilotComponentAutoConfiguration(ApplicationContext applicationContext, CamelContext camelContext,
            PilotComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.camelContext = camelContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configurePilotComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                // failIfNotSet: an option the component does not take is a start-up error, never dropped.
                CamelPropertiesHelper.setCamelProperties(camelContext, target, configuration.options(), true);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.pilot.customizer") && target instanceof PilotComponent;
            }
        };
    }
}
