package io.taxiride.query;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Anchors the JPA slice tests on this package, so they find the call-view entity and repository. */
@SpringBootConfiguration
@EnableAutoConfiguration
class QuerySideTestApplication {
}
