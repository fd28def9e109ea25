package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.CancelReason;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An H2 database whose views have native ENUM columns, as Hibernate made them before the entities mapped their enums
 * as text, opened as the H2 default opens it: Hibernate's schema update turns the columns into text, so a constant the
 * ENUM never had (one added to the code since) is stored, and the rows already there read as before.
 */
@DataJpaTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:view-enum-columns;DB_CLOSE_DELAY=-1",
        "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:io/taxiride/query/views-with-enum-columns.sql",
        "spring.jpa.hibernate.ddl-auto=update"})
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class ViewEnumColumnsH2UpgradeTest {

    @Autowired
    private CallViewRepository calls;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TestEntityManager entities;

    @Test
    void theEnumColumnsBecomeTextAndTakeConstantsTheEnumNeverHad() {
        assertThat(jdbc.queryForList("""
                select table_name || '.' || column_name from information_schema.columns
                where table_name in ('CALL_VIEW', 'DRIVER_VIEW') and data_type = 'ENUM'""", String.class)).isEmpty();

        CallView before = calls.findById("enum-era").orElseThrow().toView();
        assertThat(before.status()).isEqualTo(CallStatus.PAID);
        assertThat(before.driveStatus()).isEqualTo(DriveStatus.ASSIGNED);

        jdbc.update("update call_view set status = 'CANCELLED', cancel_reason = 'NO_DRIVER', drive_status = 'OFFERED' "
                    + "where call_id = 'enum-era'");
        jdbc.update("update driver_view set status = 'OFFERED' where driver_id = 'd-enum-era'");

        entities.clear();
        CallView after = calls.findById("enum-era").orElseThrow().toView();
        assertThat(after.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
        assertThat(after.driveStatus()).isEqualTo(DriveStatus.OFFERED);
        assertThat(jdbc.queryForObject("select status from driver_view where driver_id = 'd-enum-era'", String.class))
                .isEqualTo("OFFERED");
    }
}
