package io.taxiride.query.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code taxiride.admin.token} (env {@code TAXIRIDE_ADMIN_TOKEN}): the shared secret of the admin endpoints. */
@ConfigurationProperties("taxiride.admin")
record AdminProperties(String token) {
}
