package io.taxiride.query;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem details for bad query parameters and unknown calls. */
@RestControllerAdvice(basePackageClasses = QueryErrorAdvice.class)
class QueryErrorAdvice extends ResponseEntityExceptionHandler {
}
