package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;

/**
 * An H2 call-view made before drivers were actors, opened as the H2 default opens it (Hibernate's schema update):
 * the new columns are added to the table with its rows, and the ride in it reads with no offers and no positions.
 */
@DataJpaTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:call-view-upgrade;DB_CLOSE_DELAY=-1",
        "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:io/taxiride/query/call-view-before-drivers.sql",
        "spring.jpa.hibernate.ddl-auto=update"})
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class CallViewH2UpgradeTest {

    @Autowired
    private CallViewRepository repository;

    @Test
    void aRideFromBeforeDriversWereActorsReadsWithNoOffersAndNoPositions() {
        CallView view = repository.findById("before-drivers").orElseThrow().toView();

        assertThat(view.status()).isEqualTo(CallStatus.PAID);
        assertThat(view.offersMade()).isZero();
        assertThat(view.pickup()).isNull();
        assertThat(view.driverId()).isNull();
        assertThat(view.driverPosition()).isNull();
    }
}
