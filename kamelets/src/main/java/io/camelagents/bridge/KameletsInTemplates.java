package io.camelagents.bridge;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.LocalBeanRepositoryAware;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Lets a route template use Kamelets ({@code from("kamelet:pilot-events-source?...")},
 * {@code to("kamelet:pilot-events-sink?...")}) with template parameters in their URIs.
 * <p>
 * Two Camel 4.18 behaviours get in the way. (1) A Kamelet endpoint is resolved from its raw URI, but inside a template
 * route the URI is normalized first, so a parameter value such as {@code /tmp/pilot.sock} reaches the Kamelet
 * URL-encoded ({@code %2Ftmp%2Fpilot.sock}) and is used literally. (2)
 * Camel creates a Kamelet's route when its endpoint is first resolved, i.e. while the template route is being
 * created, and creating the Kamelet's route clears the
 * template's local parameters and beans (Camel 4.18: {@code DefaultCamelContext.startRouteDefinitions} sets them
 * to null when it finishes), so every {@code {{parameter}}} and template bean after the {@code from} then fails to
 * resolve. The fix for both: resolve the same Kamelet endpoints, from their raw URIs, in the template's configurer,
 * which runs just before the template route is created, and put the template's local parameters and beans back
 * afterwards; the route then finds each endpoint (a singleton, same normalized URI) already there.
 * <p>
 * Each template instance also gets Kamelet routes of its own (a Kamelet endpoint is a singleton per URI, so two
 * instances with the same parameters would otherwise share one Kamelet route, and with it one Pilot connection paced
 * at 100 publishes/s): {@link #uri} puts a per-instance Kamelet route id into the URI, as a placeholder the configurer
 * sets just before the route is created.
 * <p>
 * Use: {@code String sink = KameletsInTemplates.uri("pilot-events-sink", "topic={{?pilotTopic}}&...");}
 * {@code routeTemplate(id).configure(KameletsInTemplates.createAhead(sink))...to(sink)}. Supported placeholders in
 * the query: {@code {{name}}} and {@code &option={{?name}}} of template parameters (the option is dropped when the
 * parameter is unset, as Camel does).
 */
public final class KameletsInTemplates {
    /** Property (set per instance, read while its route is created) holding the Kamelet route id of that instance. */
    static final String ROUTE_ID_PREFIX = "camelagents.kamelet.";
    private static final Pattern OPTIONAL_OPTION = Pattern.compile("&([A-Za-z0-9]+)=\\{\\{\\?([A-Za-z0-9]+)}}");
    private static final Pattern REQUIRED = Pattern.compile("\\{\\{([A-Za-z0-9]+)}}");

    private static final Pattern KAMELET_ROUTE = Pattern.compile("^kamelet:([a-z0-9-]+)/\\{\\{(" + Pattern.quote(ROUTE_ID_PREFIX) + "[a-z0-9-]+)}}");
    private static final AtomicLong INSTANCES = new AtomicLong();

    private KameletsInTemplates() {
    }

    /**
     * The URI of a Kamelet endpoint in a bridge template: {@code kamelet:NAME/{{camelagents.kamelet.NAME}}?noErrorHandler=true&QUERY}.
     * {@code noErrorHandler=true}: a failure inside the Kamelet goes back to the bridge route, whose own error handling
     * (retries, commit, rollback) decides, once.
     */
    public static String uri(String kamelet, String query) {
        return "kamelet:" + kamelet + "/{{" + ROUTE_ID_PREFIX + kamelet + "}}?noErrorHandler=true&" + query;
    }

    /** A template configurer that resolves the {@code kamelet:} URIs with the instance's parameters. */
    public static Consumer<RouteTemplateContext> createAhead(String... templatedUris) {
        return context -> {
            CamelContext camel = context.getCamelContext();
            PropertiesComponent properties = camel.getPropertiesComponent();
            Properties localProperties = properties.getLocalProperties();
            LocalBeanRepositoryAware registry = camel.getRegistry() instanceof LocalBeanRepositoryAware aware ? aware : null;
            BeanRepository localBeans = registry != null ? registry.getLocalBeanRepository() : null;
            try {
                for (String templatedUri : templatedUris) {
                    String uri = templatedUri;
                    Matcher kamelet = KAMELET_ROUTE.matcher(templatedUri);
                    if (kamelet.find()) {
                        String routeId = kamelet.group(1) + "-bridge-" + INSTANCES.incrementAndGet();
                        properties.addOverrideProperty(kamelet.group(2), routeId);
                        uri = templatedUri.replace("{{" + kamelet.group(2) + "}}", routeId);
                    }
                    camel.getEndpoint(resolve(uri, context.getParameters()));
                }
            } finally {
                properties.setLocalProperties(localProperties);
                if (registry != null) {
                    registry.setLocalBeanRepository(localBeans);
                }
            }
        };
    }

    static String resolve(String templatedUri, Map<String, Object> parameters) {
        Matcher optional = OPTIONAL_OPTION.matcher(templatedUri);
        StringBuilder withOptions = new StringBuilder();
        while (optional.find()) {
            Object value = parameters.get(optional.group(2));
            String replacement = value == null ? "" : "&" + optional.group(1) + "=" + value;
            optional.appendReplacement(withOptions, Matcher.quoteReplacement(replacement));
        }
        optional.appendTail(withOptions);
        Matcher required = REQUIRED.matcher(withOptions);
        StringBuilder resolved = new StringBuilder();
        while (required.find()) {
            Object value = parameters.get(required.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template parameter " + required.group(1) + " is not set: " + templatedUri);
            }
            required.appendReplacement(resolved, Matcher.quoteReplacement(value.toString()));
        }
        required.appendTail(resolved);
        return resolved.toString();
    }
}
