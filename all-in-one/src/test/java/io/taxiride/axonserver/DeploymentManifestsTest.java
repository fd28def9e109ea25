package io.taxiride.axonserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file and Kubernetes manifests in axonserver/ must agree with the services they run: every port is the
 * service's configured server.port, every probe path is an actuator health group the service enables, and every
 * service trusts the issuer the deployment's secrets name.
 */
class DeploymentManifestsTest {

    private static final Path DEPLOYMENT = Path.of("..", "axonserver");
    private static final Map<String, String> CONFIG_OF = Map.of(
            "command-side", "command-side.yml", "saga", "saga.yml", "query-side", "query-side.yml");

    private static final String ISSUER_ENV = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI";

    private static List<Map<String, Object>> documents;

    @BeforeAll
    static void parseEveryYamlFile() throws IOException {
        documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOYMENT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                                  .toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        assertThat(document).as(file + " holds an empty document").isInstanceOf(Map.class);
                        documents.add((Map<String, Object>) document);
                    }
                }
            }
        }
        assertThat(documents).hasSizeGreaterThan(10);
    }

    @Test
    void deploymentsProbeTheHealthGroupsOnTheServicePort() {
        List<Map<String, Object>> deployments = ofKind("Deployment");
        assertThat(deployments).extracting(d -> at(d, "metadata", "name"))
                               .containsExactlyInAnyOrderElementsOf(CONFIG_OF.keySet());
        for (Map<String, Object> deployment : deployments) {
            Map<String, Object> container = containerOf(deployment);
            String service = (String) container.get("name");
            int port = serverPort(service);
            assertThat(probesEnabled(service)).as(service + " enables the probe health groups").isTrue();
            assertThat(((List<Map<String, Object>>) at(container, "ports")).get(0).get("containerPort"))
                    .isEqualTo(port);
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo(port);
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo(port);
            assertThat(at(container, "resources", "requests")).isNotNull();
        }
    }

    @Test
    void servicesTargetTheServicePorts() {
        for (Map<String, Object> service : ofKind("Service")) {
            String name = (String) at(service, "metadata", "name");
            if (CONFIG_OF.containsKey(name)) {
                Map<String, Object> port = ((List<Map<String, Object>>) at(service, "spec", "ports")).get(0);
                assertThat(port.get("targetPort")).as(name).isEqualTo(serverPort(name));
            }
        }
    }

    /**
     * Every endpoint of the command side's and the query side's controllers, through the Gateway API route by its own
     * precedence, reaches the service whose controller answers it: {@code /drivers/...} splits by method. The pages
     * reach the query side that serves them; the operator's {@code /admin} is not routed at all.
     */
    @Test
    void theGatewayRoutesEveryEndpointToTheServiceThatAnswersIt() throws IOException {
        Map<String, Object> route = ofKind("HTTPRoute").get(0);
        assertThat(at(((List<Map<String, Object>>) at(route, "spec", "parentRefs")).get(0), "name"))
                .isEqualTo(at(ofKind("Gateway").get(0), "metadata", "name"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) at(route, "spec", "rules");
        for (Map<String, Object> rule : rules) {
            Map<String, Object> backend = ((List<Map<String, Object>>) rule.get("backendRefs")).get(0);
            assertThat(backend.get("port")).isEqualTo(serverPort((String) backend.get("name")));
        }

        List<Endpoint> endpoints = new ArrayList<>(endpointsOf("io.taxiride.command", "command-side"));
        endpoints.addAll(endpointsOf("io.taxiride.query", "query-side"));
        assertThat(endpoints).extracting(Endpoint::path)
                .contains("/calls", "/drivers/x/position", "/drivers/x", "/callViews/x/stream", "/admin/processors");
        for (Endpoint endpoint : endpoints) {
            Optional<String> backend = routed(rules, endpoint.method(), endpoint.path());
            if (endpoint.path().startsWith("/admin")) {
                assertThat(backend).as(endpoint + " stays inside the cluster").isEmpty();
            } else {
                assertThat(backend).as(endpoint.toString()).contains(endpoint.service());
            }
        }
        try (Stream<Path> pages = Files.list(Path.of("..", "query-side", "src", "main", "resources", "static"))) {
            List<String> files = pages.map(page -> "/" + page.getFileName()).toList();
            assertThat(files).contains("/index.html", "/driver.html");
            for (String file : files) {
                assertThat(routed(rules, "GET", file)).as(file).contains("query-side");
            }
        }
        assertThat(routed(rules, "GET", "/")).contains("query-side");
        assertThat(routed(rules, "GET", "/actuator/prometheus")).isEmpty();
        assertThat(routed(rules, "POST", "/driversx")).as("a prefix ends at a path segment").isEmpty();
    }

    /**
     * The Prometheus Operator scrapes each of the three services on its named port, at the path the services serve
     * their meters on, with a token it fetches itself (a fixed token from the identity provider would expire).
     */
    /**
     * The compose set-up's gateway, run in a real nginx from the file compose mounts, with its two upstreams pointed
     * at two small HTTP servers that answer every request with their service's name: every endpoint reaches the
     * service that answers it, as through the Kubernetes Gateway; /admin and /actuator reach none, and what the
     * gateway refuses is a problem. nginx is Debian's ({@code apt-get install nginx}), which {@code .ci/run} installs.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theComposeGatewayRoutesEveryEndpointToTheServiceThatAnswersIt(@TempDir Path dir) throws Exception {
        Map<String, Object> gateway = (Map<String, Object>) at(compose(), "services", "gateway");
        assertThat((String) gateway.get("image")).startsWith("nginx:");
        assertThat((List<String>) gateway.get("volumes")).contains("./gateway.conf:/etc/nginx/conf.d/default.conf:ro");
        assertThat((List<String>) gateway.get("ports")).containsExactly("8080:8080");
        Path nginx = Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")),
                                   Stream.of("/usr/sbin", "/usr/local/sbin"))
                           .map(folder -> Path.of(folder, "nginx")).filter(Files::isExecutable).findFirst()
                           .orElse(null);
        Assumptions.assumeTrue(nginx != null, NO_NGINX);

        HttpServer command = answering("command-side");
        HttpServer query = answering("query-side");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String conf = Files.readString(DEPLOYMENT.resolve("gateway.conf"));
        assertThat(conf).contains("server command-side:" + serverPort("command-side") + ";",
                                  "server query-side:" + serverPort("query-side") + ";", "listen 8080;");
        Files.writeString(dir.resolve("gateway.conf"), conf
                .replace("command-side:" + serverPort("command-side"), "127.0.0.1:" + command.getAddress().getPort())
                .replace("query-side:" + serverPort("query-side"), "127.0.0.1:" + query.getAddress().getPort())
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";"));
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    include %1$s/gateway.conf;
                }
                """.formatted(dir));
        Process server = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", "nginx.conf",
                                            "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI root = URI.create("http://127.0.0.1:" + port);
            awaitListening(server, port, dir);

            List<Endpoint> endpoints = new ArrayList<>(endpointsOf("io.taxiride.command", "command-side"));
            endpoints.addAll(endpointsOf("io.taxiride.query", "query-side"));
            for (Endpoint endpoint : endpoints) {
                HttpResponse<String> answer = send(client, root, endpoint.method(), endpoint.path());
                if (endpoint.path().startsWith("/admin")) {
                    assertThat(answer.statusCode()).as(endpoint + " stays inside").isEqualTo(404);
                    assertThat(answer.body()).as(endpoint.toString()).contains("\"code\":\"NOT_FOUND\"");
                } else {
                    assertThat(answer.body()).as(endpoint.toString()).isEqualTo(endpoint.service());
                }
            }
            try (Stream<Path> pages = Files.list(Path.of("..", "query-side", "src", "main", "resources", "static"))) {
                for (String file : pages.map(page -> "/" + page.getFileName()).toList()) {
                    assertThat(send(client, root, "GET", file).body()).as(file).isEqualTo("query-side");
                }
            }
            assertThat(send(client, root, "GET", "/").body()).isEqualTo("query-side");
            HttpResponse<String> refused = send(client, root, "GET", "/actuator/prometheus");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(send(client, root, "POST", "/driversx").statusCode()).as("a prefix ends at a segment")
                    .isEqualTo(404);
            HttpResponse<String> wrongMethod = send(client, root, "POST", "/callViews");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.body()).contains("\"code\":\"METHOD_NOT_ALLOWED\"");
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            command.stop(0);
            query.stop(0);
        }
    }

    static final String NO_NGINX = "No nginx on the PATH: the compose gateway's routes are checked in a real nginx "
                                   + "(Debian: apt-get install nginx)";

    private static HttpServer answering(String service) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = service.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpResponse<String> send(HttpClient client, URI root, String method, String path)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(root.resolve(path)).method(method, BodyPublishers.noBody())
                                      .timeout(Duration.ofSeconds(10)).build(),
                           BodyHandlers.ofString());
    }

    private static void awaitListening(Process server, int port, Path dir) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(server.isAlive()).as("nginx started: " + Files.readString(dir.resolve("out.log"))).isTrue();
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen within 10 s: " + Files.readString(dir.resolve("out.log")));
    }

    private static Map<String, Object> compose() {
        return documents.stream().filter(d -> d.containsKey("services")).findFirst().orElseThrow();
    }

    @Test
    void prometheusScrapesEveryServiceWithATokenItFetchesItself() {
        Map<String, Object> monitor = ofKind("ServiceMonitor").get(0);
        Map<String, Object> selector = (Map<String, Object>) at(monitor, "spec", "selector", "matchLabels");
        List<String> selected = ofKind("Service").stream()
                .filter(service -> {
                    Map<String, Object> labels = (Map<String, Object>) at(service, "metadata", "labels");
                    return labels != null && labels.entrySet().containsAll(selector.entrySet());
                })
                .map(service -> (String) at(service, "metadata", "name"))
                .toList();
        assertThat(selected).containsExactlyInAnyOrderElementsOf(CONFIG_OF.keySet());
        Map<String, Object> endpoint = ((List<Map<String, Object>>) at(monitor, "spec", "endpoints")).get(0);
        assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
        for (Map<String, Object> service : ofKind("Service")) {
            if (selected.contains(at(service, "metadata", "name"))) {
                assertThat((List<Map<String, Object>>) at(service, "spec", "ports"))
                        .anyMatch(port -> endpoint.get("port").equals(port.get("name")));
            }
        }
        for (String name : CONFIG_OF.keySet()) {
            assertThat((String) at(config(name), "management", "endpoints", "web", "exposure", "include"))
                    .as(name).contains("prometheus");
        }
        assertThat(at(endpoint, "oauth2", "clientSecret", "name")).isEqualTo("taxi-ride-metrics-client");
        assertThat((String) at(endpoint, "oauth2", "tokenUrl")).endsWith("/protocol/openid-connect/token");
    }

    /** One method and path a controller answers, with its path variables filled in, and the service it is part of. */
    private record Endpoint(String method, String path, String service) {
    }

    private static List<Endpoint> endpointsOf(String basePackage, String service) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Endpoint> endpoints = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method handler : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                String path = (prefix + (mapping.path().length == 0 ? "" : mapping.path()[0]))
                        .replaceAll("\\{[^}]+}", "x");
                for (RequestMethod method : mapping.method()) {
                    endpoints.add(new Endpoint(method.name(), path, service));
                }
            }
        }
        return endpoints;
    }

    /**
     * The backend the route sends a request to, by the Gateway API's precedence among the matches that fit: an exact
     * path first, then the longest prefix, then a match that names the method.
     */
    private static Optional<String> routed(List<Map<String, Object>> rules, String method, String path) {
        String best = null;
        int[] bestRank = null;
        for (Map<String, Object> rule : rules) {
            for (Map<String, Object> match : (List<Map<String, Object>>) rule.get("matches")) {
                String type = (String) at(match, "path", "type");
                String value = (String) at(match, "path", "value");
                String matchMethod = (String) match.get("method");
                boolean pathFits = "Exact".equals(type) ? path.equals(value)
                        : path.equals(value) || path.startsWith(value.endsWith("/") ? value : value + "/");
                if (!pathFits || (matchMethod != null && !matchMethod.equals(method))) {
                    continue;
                }
                int[] rank = {"Exact".equals(type) ? 1 : 0, value.length(), matchMethod != null ? 1 : 0};
                if (bestRank == null || Arrays.compare(rank, bestRank) > 0) {
                    bestRank = rank;
                    best = (String) ((List<Map<String, Object>>) rule.get("backendRefs")).get(0).get("name");
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Test
    void axonServerKeepsItsDataOnPersistentVolumes() {
        Map<String, Object> statefulSet = ofKind("StatefulSet").get(0);
        assertThat(at(statefulSet, "spec", "volumeClaimTemplates")).asList().hasSize(3);
        assertThat(ofKind("Service")).anyMatch(s -> "axonserver".equals(at(s, "metadata", "name"))
                && "None".equals(at(s, "spec", "clusterIP")));
    }

    @Test
    void composeStartsTheServicesOnTheirPortsOnceAxonServerIsHealthy() {
        Map<String, Object> compose = documents.stream().filter(d -> d.containsKey("services")).findFirst()
                                               .orElseThrow();
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> axonServer = (Map<String, Object>) services.get("axonserver");
        assertThat((String) axonServer.get("image")).matches("axoniq/axonserver:202[34]\\.\\d+\\.\\d+.*");
        assertThat(at(axonServer, "healthcheck", "test").toString()).contains("http://localhost:8024/actuator/health");
        for (String name : CONFIG_OF.keySet()) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            assertThat(at(service, "depends_on", "axonserver", "condition")).isEqualTo("service_healthy");
            assertThat(at(service, "build", "target")).isEqualTo(name);
            assertThat(at(service, "environment", "AXON_AXONSERVER_SERVERS")).isEqualTo("axonserver:8124");
        }
        assertThat(at(services, "command-side", "ports")).asList().containsExactly("8081:8081");
        assertThat(at(services, "saga", "ports")).as("the saga has no API to publish").isNull();
        assertThat(at(services, "query-side", "ports")).asList()
                .containsExactly(serverPort("query-side") + "-" + (serverPort("query-side") + 1) + ":"
                                 + serverPort("query-side"));
    }

    /**
     * Out of memory a service exits, and compose or Kubernetes starts it again: a JVM that ran out may have lost any of
     * its threads (an event processor's stops for good, and health still says UP), where a new one resumes from what
     * was committed.
     */
    @Test
    void everyServiceExitsWhenOutOfMemoryAndIsStartedAgain() throws IOException {
        String exit = "-XX:+ExitOnOutOfMemoryError";
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        for (String name : CONFIG_OF.keySet()) {
            assertThat((String) at(services, name, "environment", "JAVA_TOOL_OPTIONS")).as(name).contains(exit);
            assertThat(at(services, name, "restart")).as(name).isEqualTo("unless-stopped");
        }
        Map<String, Object> k8sConfig = (Map<String, Object>) at(ofKind("ConfigMap").stream()
                .filter(c -> "taxi-ride-config".equals(at(c, "metadata", "name"))).findFirst().orElseThrow(), "data");
        assertThat((String) k8sConfig.get("JAVA_TOOL_OPTIONS")).contains(exit);
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            assertThat(containerOf(deployment).get("envFrom").toString()).as(at(deployment, "metadata", "name")
                                                                                 .toString())
                    .contains("taxi-ride-config");
        }
        assertThat(Files.readString(DEPLOYMENT.resolve("Dockerfile")))
                .containsPattern("JAVA_TOOL_OPTIONS=\"[^\"]*" + exit.replace("+", "\\+"));
    }

    /** The saga and the query side scale out on PostgreSQL: two replicas each, in compose and in Kubernetes. */
    @Test
    void sagaAndQuerySideRunTwoReplicasOnPostgres() {
        Map<String, Object> compose = documents.stream().filter(d -> d.containsKey("services")).findFirst()
                                               .orElseThrow();
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(at(services, "postgres", "healthcheck", "test").toString()).contains("pg_isready");
        Map<String, Object> deployments = new HashMap<>();
        ofKind("Deployment").forEach(d -> deployments.put((String) at(d, "metadata", "name"), d));
        Map<String, Object> k8sConfig = (Map<String, Object>) at(ofKind("ConfigMap").stream()
                .filter(c -> "taxi-ride-config".equals(at(c, "metadata", "name"))).findFirst().orElseThrow(), "data");
        for (String name : List.of("saga", "query-side")) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            assertThat(at(service, "deploy", "replicas")).as(name).isEqualTo(2);
            assertThat(at(service, "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
            assertThat(at(service, "environment", "SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
            assertThat((String) at(service, "environment", "TAXIRIDE_DB_URL"))
                    .isEqualTo("jdbc:postgresql://postgres:5432/taxiride");

            Map<String, Object> deployment = (Map<String, Object>) deployments.get(name);
            assertThat(at(deployment, "spec", "replicas")).as(name).isEqualTo(2);
            Map<String, Object> container = containerOf(deployment);
            assertThat((List<Map<String, Object>>) container.get("env"))
                    .anyMatch(e -> "SPRING_PROFILES_ACTIVE".equals(e.get("name")) && "postgres".equals(e.get("value")))
                    .anyMatch(e -> "TAXIRIDE_DB_PASSWORD".equals(e.get("name"))
                            && "db-password".equals(at(e, "valueFrom", "secretKeyRef", "key")));
            assertThat(container.get("volumeMounts")).as(name + " keeps no local database").isNull();
            assertThat(config(name + "-postgres")).as("the service's postgres profile").isNotNull();
        }
        assertThat(k8sConfig.get("TAXIRIDE_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/taxiride");
        assertThat(ofKind("StatefulSet")).anyMatch(s -> "postgres".equals(at(s, "metadata", "name"))
                && at(s, "spec", "volumeClaimTemplates") != null);
    }

    /**
     * Each service trusts the identity provider the deployment names, never a URI written in the manifests: in
     * Kubernetes from the secret, in compose from the environment (compose refuses to start without it). Tokens must
     * be meant for this platform, and the operator's role replaces any shared admin token.
     */
    @Test
    void everyServiceTakesItsIssuerFromASecretAndNoAdminToken() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String name = (String) at(deployment, "metadata", "name");
            List<Map<String, Object>> env = (List<Map<String, Object>>) containerOf(deployment).get("env");
            assertThat(env).as(name)
                    .anyMatch(e -> ISSUER_ENV.equals(e.get("name")) && e.get("value") == null
                            && "taxi-ride-secrets".equals(at(e, "valueFrom", "secretKeyRef", "name"))
                            && "oauth2-issuer-uri".equals(at(e, "valueFrom", "secretKeyRef", "key")))
                    .noneMatch(e -> "TAXIRIDE_ADMIN_TOKEN".equals(e.get("name")));
            assertThat(at(config(name), "spring", "security", "oauth2", "resourceserver", "jwt", "audiences"))
                    .as(name + " accepts only tokens meant for the platform").isEqualTo("taxi-ride");
        }
        for (Map<String, Object> configMap : ofKind("ConfigMap")) {
            assertThat((Map<String, Object>) configMap.get("data")).doesNotContainKey(ISSUER_ENV);
        }
        Map<String, Object> services = (Map<String, Object>) documents.stream().filter(d -> d.containsKey("services"))
                                                                      .findFirst().orElseThrow().get("services");
        for (String name : CONFIG_OF.keySet()) {
            Map<String, Object> environment = (Map<String, Object>) at(services, name, "environment");
            assertThat((String) environment.get(ISSUER_ENV)).as(name)
                    .matches("\\$\\{TAXIRIDE_ISSUER_URI:\\?.+}");
            assertThat(environment).doesNotContainKey("TAXIRIDE_ADMIN_TOKEN");
        }
    }

    private static Map<String, Object> containerOf(Map<String, Object> deployment) {
        return ((List<Map<String, Object>>) at(deployment, "spec", "template", "spec", "containers")).get(0);
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static int serverPort(String service) {
        return (Integer) at(config(service), "server", "port");
    }

    private static boolean probesEnabled(String service) {
        return Boolean.TRUE.equals(at(config(service), "management", "endpoint", "health", "probes", "enabled"));
    }

    /** The service's own configuration (or that of one of its profiles: "saga-postgres"), as packaged in its jar. */
    private static Map<String, Object> config(String service) {
        String file = CONFIG_OF.getOrDefault(service, service + ".yml");
        try (InputStream in = DeploymentManifestsTest.class.getClassLoader().getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
