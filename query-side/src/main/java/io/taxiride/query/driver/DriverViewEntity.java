package io.taxiride.query.driver;

import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverOffer;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * A row of the driver-view read model; it never leaves the query side, only its {@link DriverView} does. A driver
 * keeps their last known position while offline; the {@link Grid} cell always goes with the position.
 * <p>
 * The position columns have two writers: the projection (going online, taking a ride) and {@link DriverPositions},
 * the app's reports, which update them in place without loading the row. Updates write only the columns they changed,
 * so the projection's update of a driver's status never puts back a position it loaded before a report moved it.
 */
@Entity
@DynamicUpdate
@Table(name = "driver_view", indexes = {
        // Cell first: the dispatch lookup asks for AVAILABLE drivers in some cells, a listing for any in them.
        @Index(name = "driver_view_cell_status", columnList = "cell, status"),
        @Index(name = "driver_view_status_available", columnList = "status, available_since, driver_id")})
class DriverViewEntity implements Persistable<String> {

    @Id
    @Column(name = "driver_id", length = 64)
    private String driverId;
    @Column(nullable = false, length = 100)
    private String name;
    @Column(nullable = false, length = 20)
    private String taxiNumber;
    // Text, not the native ENUM Hibernate makes on H2, which refuses a constant added to the enum later; Hibernate's
    // schema update turns an older database's ENUM columns into text (ViewEnumColumnsH2UpgradeTest).
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 20)
    private DriverStatus status;
    private Double lat;
    private Double lon;
    private Long cell;
    /** When the position was reported or its event stamped; an older one never replaces it. */
    private Instant positionAt;
    @Column(length = 64)
    private String offerCallId;
    private Double offerPickupLat;
    private Double offerPickupLon;
    private Double offerDropoffLat;
    private Double offerDropoffLon;
    @Column(precision = 7, scale = 3)
    private BigDecimal offerDistance;
    private Long offerFare;
    private Instant offerExpiresAt;
    @Column(length = 64)
    private String driveId;
    /** When the driver last became free (went online, or ended a ride): the longest idle are offered rides first. */
    @Column(name = "available_since")
    private Instant availableSince;
    @Column(nullable = false)
    private Instant updatedAt;

    /** The id is the driver's, not generated: without this Spring Data would merge, reading the row before insert. */
    @Transient
    private boolean isNew;

    protected DriverViewEntity() {
    }

    DriverViewEntity(String driverId, String name, String taxiNumber, Instant registeredAt) {
        this.driverId = driverId;
        this.name = name;
        this.taxiNumber = taxiNumber;
        this.status = DriverStatus.OFFLINE;
        this.updatedAt = registeredAt;
        this.isNew = true;
    }

    @Override
    public String getId() {
        return driverId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        isNew = false;
    }

    String driverId() {
        return driverId;
    }

    String name() {
        return name;
    }

    String taxiNumber() {
        return taxiNumber;
    }

    DriverStatus status() {
        return status;
    }

    Position position() {
        return position(lat, lon);
    }

    Instant availableSince() {
        return availableSince;
    }

    void registered(String name, String taxiNumber, Instant at) {
        this.name = name;
        this.taxiNumber = taxiNumber;
        touch(at);
    }

    void wentOnline(Position position, Instant at) {
        moveTo(position, at);
        free(at);
    }

    void moved(Position position, Instant at) {
        moveTo(position, at);
        touch(at);
    }

    void wentOffline(Instant at) {
        status = DriverStatus.OFFLINE;
        clearOffer();
        driveId = null;
        availableSince = null;
        touch(at);
    }

    void offered(String callId, Position pickup, Position dropoff, BigDecimal distance, long fare, Instant expiresAt,
                 Instant at) {
        status = DriverStatus.OFFERED;
        offerCallId = callId;
        offerPickupLat = pickup == null ? null : pickup.lat();
        offerPickupLon = pickup == null ? null : pickup.lon();
        offerDropoffLat = dropoff == null ? null : dropoff.lat();
        offerDropoffLon = dropoff == null ? null : dropoff.lon();
        // As the column holds it, so the update sent now equals the view read later.
        offerDistance = distance == null ? null : distance.setScale(3, RoundingMode.HALF_UP);
        offerFare = fare;
        offerExpiresAt = expiresAt;
        touch(at);
    }

    /**
     * The offer came to nothing (declined, expired, withdrawn, or dropped on the way offline): the driver is free
     * again and keeps their place among the longest idle, which only a ride or going offline ends.
     */
    void offerEnded(Instant at) {
        status = DriverStatus.AVAILABLE;
        clearOffer();
        if (availableSince == null) {
            availableSince = at;
        }
        touch(at);
    }

    void tookRide(String driveId, Position position, Instant positionAt, Instant at) {
        status = DriverStatus.ON_RIDE;
        clearOffer();
        this.driveId = driveId;
        if (position != null) {
            moveTo(position, positionAt);
        }
        availableSince = null;
        touch(at);
    }

    void freed(Instant at) {
        free(at);
    }

    private void free(Instant at) {
        status = DriverStatus.AVAILABLE;
        clearOffer();
        driveId = null;
        availableSince = at;
        touch(at);
    }

    /**
     * The app's reports are written beside the events ({@link DriverPositions}): one from later than {@code at} stays.
     */
    private void moveTo(Position position, Instant at) {
        if (positionAt != null && !at.isAfter(positionAt)) {
            return;
        }
        lat = position.lat();
        lon = position.lon();
        cell = Grid.cellOf(position.lat(), position.lon());
        positionAt = at;
    }

    private void clearOffer() {
        offerCallId = null;
        offerPickupLat = null;
        offerPickupLon = null;
        offerDropoffLat = null;
        offerDropoffLon = null;
        offerDistance = null;
        offerFare = null;
        offerExpiresAt = null;
    }

    private void touch(Instant at) {
        if (at.isAfter(updatedAt)) {
            updatedAt = at;
        }
    }

    DriverView toView() {
        DriverOffer offer = offerCallId == null ? null : new DriverOffer(
                offerCallId, position(offerPickupLat, offerPickupLon), position(offerDropoffLat, offerDropoffLon),
                offerDistance, offerFare, offerExpiresAt);
        return new DriverView(driverId, name, taxiNumber, status, position(), offer, driveId, updatedAt);
    }

    private static Position position(Double lat, Double lon) {
        return lat == null || lon == null ? null : new Position(lat, lon);
    }
}
