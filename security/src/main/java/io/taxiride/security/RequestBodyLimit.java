package io.taxiride.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code taxiride.web.max-body-size} (64 KB by default; the largest body of the
 * API, a call with its names and places, is under 4 KB even with every letter escaped in the JSON): 413, problem code
 * {@code PAYLOAD_TOO_LARGE} (the status's name, as {@link RequestProblems} gives every status Spring answers), before
 * the body is read into anything.
 * <p>
 * Without a bound Jackson reads whatever a client sends. One passenger's 23 MB {@code POST /calls} (three million
 * strings in a field the call does not have) filled the 192 MB heap, and the {@code OutOfMemoryError} ended an event
 * processor's thread (the ride timeline's) until the next restart.
 * <p>
 * A declared {@code Content-Length} beyond the limit is refused here, without reading (Tomcat then discards up to
 * 2 MB of the unread body to keep the connection, and closes it beyond that); a body sent without one (chunked) is
 * cut off where it passes the limit, and {@link RequestProblems} answers the failed read the same way.
 */
class RequestBodyLimit extends OncePerRequestFilter {

    private final long limit;
    private final ProblemResponses problems;

    RequestBodyLimit(DataSize limit, ProblemResponses problems) {
        if (limit.toBytes() <= 0) {
            throw new IllegalArgumentException("taxiride.web.max-body-size must be more than 0, not " + limit);
        }
        this.limit = limit.toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            problems.contentTooLarge(request, response, detail(limit));
            return;
        }
        // With a declared length the server reads no more than that; a chunked body ends where the client says, so it
        // is counted as it is read. A request without either has no body to bound.
        boolean chunked = declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        chain.doFilter(chunked ? new Bounded(request, limit) : request, response);
    }

    static String detail(long limit) {
        return "The request body is larger than " + limit + " bytes, more than any request of this API needs";
    }

    /** A read past the limit: {@link RequestProblems} finds it among the causes of the failed conversion. */
    static final class ContentTooLargeException extends IOException {

        ContentTooLargeException(long limit) {
            super(detail(limit));
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingInputStream(super.getInputStream(), limit);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws ContentTooLargeException {
            read += n;
            if (read > limit) {
                throw new ContentTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
