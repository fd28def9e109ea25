package io.taxiride.security;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Tomcat's report of a request it refuses itself, before the application sees it (a malformed or encoded slash in the
 * URL, a header beyond its size): the problem every other refusal is, instead of Tomcat's HTML page. Nothing of the
 * request reached a handler, so there is nothing to have applied.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Takes the place of Spring Boot's report valve in the host's pipeline, and is named the host's report valve, or
     * the host would add Tomcat's own as it starts (it looks for its report valve by class name).
     */
    static void replaceTomcatsOwn(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemErrorReportValve());
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known != null ? known.getReasonPhrase() : "Refused";
        String message = response.getMessage();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", reason);
        problem.put("status", status);
        problem.put("detail", message != null && !message.isBlank()
                ? message : "The request is not one the server can read: a malformed URL or header");
        problem.put("code", RequestProblems.codeOf(HttpStatusCode.valueOf(status)));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The connection is gone or the response already under way: nothing more can be said to the client.
        }
    }
}
