package taxiride.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What checking a bearer token costs per request, measured two ways and printed as key=value lines for run.sh.
 *
 * <ol>
 * <li>http: {@code GET /actuator/info} on the running application, which is open, one request at a time on one
 * connection, in blocks alternately with the valid {@code token} and without one. With a token the application's
 * security filters decode and check it and authenticate the request before answering the same thing, so the
 * difference is the whole cost of a token to a request: in latency as a client sees it, and, given the process id,
 * in the CPU time spent per request (from /proc, less what is spent idle in the same time), which a busy machine's
 * scheduling does not inflate as it does latency: the whole process's, and its request threads' alone, without the
 * JIT compilers, the collector and the application's own background work.</li>
 * <li>decode: Spring Security's {@link NimbusJwtDecoder}, the services' decoder, with their checks (RS256 signature
 * on a 2048-bit RSA key, expiry, issuer, audience), each decode timed on its own in this JVM after a warm-up, over
 * tokens of distinct subjects shaped like the run's. On the run's key where it has one ({@code key=}); else on a
 * key made here of the development issuer's kind, whose own key never leaves the application.</li>
 * </ol>
 *
 * <p>Arguments: base URL, a valid token for it, then optionally {@code key=<the run's private key, PKCS#8 PEM>} and
 * {@code pid=<the process behind the base URL>}.
 */
public final class TokenCost {

    private static final int DECODE_WARMUP = 20_000;
    private static final int DECODES = 20_000;
    private static final int DISTINCT_TOKENS = 1_000;
    private static final int HTTP_WARMUP_PAIRS = 3_000;
    private static final int HTTP_BLOCKS = 24;
    private static final int HTTP_BLOCK = 250;
    private static final Duration IDLE = Duration.ofSeconds(3);
    /** Linux's USER_HZ, the unit of /proc/[pid]/stat's CPU times, on every common architecture. */
    private static final long MICROS_PER_TICK = 10_000;

    private TokenCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: TokenCost <base URL> <valid token> [key=<PEM>] [pid=<pid>]");
        }
        String key = null;
        String pid = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("key=")) {
                key = args[i].substring(4);
            } else if (args[i].startsWith("pid=")) {
                pid = args[i].substring(4);
            }
        }
        http(args[0], args[1], pid == null ? null : Path.of("/proc", pid));
        if (key != null) {
            decode(Tokens.readPrivateKey(Path.of(key)), "run-key");
        } else {
            decode(newKey(), "new-key");
        }
    }

    private static void decode(RSAPrivateCrtKey key, String which) {
        RSAPublicKey publicKey = Tokens.publicKeyOf(key);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey)
                                                   .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(Tokens.ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                                                    audiences -> audiences != null
                                                                 && audiences.contains(Tokens.AUDIENCE))));
        Tokens signer = Tokens.signedWith(key);
        Instant now = Instant.now();
        String[] tokens = new String[DISTINCT_TOKENS];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = signer.sign("bench-" + (i + 1), "PASSENGER", now);
        }
        long check = 0;
        for (int i = 0; i < DECODE_WARMUP; i++) {
            check += decoder.decode(tokens[i % tokens.length]).getSubject().length();
        }
        long[] nanos = new long[DECODES];
        for (int i = 0; i < DECODES; i++) {
            long start = System.nanoTime();
            Jwt jwt = decoder.decode(tokens[i % tokens.length]);
            nanos[i] = System.nanoTime() - start;
            check += jwt.getSubject().length();
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "decode_n=%d decode_p50_us=%.1f decode_p99_us=%.1f decode_mean_us=%.1f"
                                       + " decode_key_bits=%d decode_on=%s check=%d%n",
                          DECODES, micros(nanos, 0.50), micros(nanos, 0.99), mean(nanos) / 1000.0,
                          publicKey.getModulus().bitLength(), which, check);
    }

    private static void http(String baseUrl, String token, Path process) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                      .connectTimeout(Duration.ofSeconds(5)).build();
        URI info = URI.create(baseUrl + "/actuator/info");
        HttpRequest withToken = HttpRequest.newBuilder(info).header("Authorization", "Bearer " + token)
                                           .timeout(Duration.ofSeconds(10)).GET().build();
        HttpRequest without = HttpRequest.newBuilder(info).timeout(Duration.ofSeconds(10)).GET().build();
        for (int i = 0; i < HTTP_WARMUP_PAIRS; i++) {
            time(client, withToken);
            time(client, without);
        }
        // What the process spends with nothing asked of it (its processors polling, housekeeping), per nanosecond.
        long[] idleTicks = ticks(process);
        long idleStart = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        long[] idleEnd = ticks(process);
        double idleNanos = System.nanoTime() - idleStart;
        double[] idlePerNano = {(idleEnd[0] - idleTicks[0]) / idleNanos, (idleEnd[1] - idleTicks[1]) / idleNanos};

        int n = HTTP_BLOCKS / 2 * HTTP_BLOCK;
        long[] with = new long[n];
        long[] bare = new long[n];
        // [token or not][the whole process, its request threads]
        double[][] cpuTicks = new double[2][2];
        for (int block = 0; block < HTTP_BLOCKS; block++) {
            // Blocks alternate, so a drift of the machine's speed falls on both kinds alike.
            boolean tokenBlock = block % 2 == 0;
            long[] into = tokenBlock ? with : bare;
            int from = block / 2 * HTTP_BLOCK;
            long[] ticks = ticks(process);
            long started = System.nanoTime();
            for (int i = 0; i < HTTP_BLOCK; i++) {
                into[from + i] = time(client, tokenBlock ? withToken : without);
            }
            long[] after = ticks(process);
            long nanos = System.nanoTime() - started;
            for (int kind = 0; kind < 2; kind++) {
                cpuTicks[tokenBlock ? 0 : 1][kind] += after[kind] - ticks[kind] - idlePerNano[kind] * nanos;
            }
        }
        double extraMean = (mean(with) - mean(bare)) / 1000.0;
        Arrays.sort(with);
        Arrays.sort(bare);
        System.out.printf(Locale.ROOT, "http_n=%d info_token_p50_us=%.1f info_token_p99_us=%.1f"
                                       + " info_bare_p50_us=%.1f info_bare_p99_us=%.1f token_extra_p50_us=%.1f"
                                       + " token_extra_mean_us=%.1f%n",
                          n, micros(with, 0.50), micros(with, 0.99), micros(bare, 0.50),
                          micros(bare, 0.99), micros(with, 0.50) - micros(bare, 0.50), extraMean);
        if (process != null) {
            double[] us = new double[4];
            for (int kind = 0; kind < 2; kind++) {
                us[kind * 2] = cpuTicks[0][kind] * MICROS_PER_TICK / n;
                us[kind * 2 + 1] = cpuTicks[1][kind] * MICROS_PER_TICK / n;
            }
            System.out.printf(Locale.ROOT, "cpu_token_us=%.1f cpu_bare_us=%.1f cpu_extra_us=%.1f idle_cpu_pct=%.1f"
                                           + " cpu_requests_token_us=%.1f cpu_requests_bare_us=%.1f"
                                           + " cpu_requests_extra_us=%.1f%n",
                              us[0], us[1], us[0] - us[1], idlePerNano[0] * 1e9 * MICROS_PER_TICK / 1e4,
                              us[2], us[3], us[2] - us[3]);
        }
    }

    /**
     * CPU time so far, user and system, in clock ticks: of the whole process (the JIT compilers and the collector
     * included), and of its Tomcat threads alone ({@code http-nio-…}), which handle the requests and nothing else.
     * Zeros without a process to watch.
     */
    private static long[] ticks(Path process) throws Exception {
        if (process == null) {
            return new long[2];
        }
        long requestThreads = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("http-nio")) {
                        requestThreads += ticksIn(task.resolve("stat"));
                    }
                } catch (NoSuchFileException ended) {
                    // A thread that ended meanwhile: Tomcat keeps its request threads, so this is not one of them.
                }
            }
        }
        return new long[] {ticksIn(process.resolve("stat")), requestThreads};
    }

    private static long ticksIn(Path stat) throws Exception {
        String line = Files.readString(stat);
        // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
        // 14th and 15th of the whole line, the 12th and 13th after it.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long time(HttpClient client, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + (request.headers().firstValue("Authorization").isPresent()
                    ? " with the token" : "") + " answered " + answer.statusCode() + ": " + new String(answer.body()));
        }
        return nanos;
    }

    private static double micros(long[] sorted, double q) {
        int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[rank - 1] / 1000.0;
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static RSAPrivateCrtKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
    }
}
