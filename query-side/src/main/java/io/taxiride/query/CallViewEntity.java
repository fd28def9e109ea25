package io.taxiride.query;

import io.taxiride.api.call.CancelReason;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;

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
import java.time.Instant;

import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/** A row of the call-view read model; it never leaves the query side, only its {@link CallView} does. */
@Entity
@Table(name = "call_view", indexes = {
        @Index(name = "call_view_created", columnList = "created_at, call_id"),
        @Index(name = "call_view_user_created", columnList = "user_id, created_at"),
        @Index(name = "call_view_status_created", columnList = "status, created_at")})
class CallViewEntity implements Persistable<String> {

    @Id
    @Column(name = "call_id", length = 64)
    private String callId;
    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;
    @Column(nullable = false, length = 100)
    private String userName;
    @Column(length = 200)
    private String origin;
    @Column(length = 200)
    private String destination;
    @Column(nullable = false, precision = 7, scale = 3)
    private BigDecimal distance;
    private long fare;
    // Text, not the native ENUM Hibernate makes on H2, which refuses a constant added to the enum later; Hibernate's
    // schema update turns an older database's ENUM columns into text (ViewEnumColumnsH2UpgradeTest).
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 20)
    private CallStatus status;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 20)
    private CancelReason cancelReason;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 20)
    private PaymentStatus paymentStatus;
    @Column(length = 64)
    private String driveId;
    @Column(length = 100)
    private String driverName;
    @Column(length = 20)
    private String taxiNum;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 20)
    private DriveStatus driveStatus;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(nullable = false)
    private Instant updatedAt;
    private Double pickupLat;
    private Double pickupLon;
    private Double dropoffLat;
    private Double dropoffLon;
    @Column(length = 64)
    private String driverId;
    /** Where the driver was when they took the ride. */
    private Double driverLat;
    private Double driverLon;
    /** The default lets Hibernate add the column to an H2 table that has rows already. */
    @Column(nullable = false)
    @ColumnDefault("0")
    private int offersMade;

    /**
     * The id is the call's, not generated, so Spring Data cannot tell a new row from its id; without this it would
     * merge, which reads the row before inserting it.
     */
    @Transient
    private boolean isNew;

    protected CallViewEntity() {
    }

    CallViewEntity(String callId, String userId, String userName, String origin, String destination,
                   BigDecimal distance, long fare, Position pickup, Position dropoff, Instant createdAt) {
        this.callId = callId;
        placed(userId, userName, origin, destination, distance, fare, pickup, dropoff, createdAt);
        this.isNew = true;
    }

    /**
     * The row as the call's placement makes it, whatever it held before: everything else comes from the later
     * events of the same call.
     */
    void placed(String userId, String userName, String origin, String destination, BigDecimal distance, long fare,
                Position pickup, Position dropoff, Instant createdAt) {
        this.userId = userId;
        this.userName = userName;
        this.origin = origin;
        this.destination = destination;
        this.distance = distance;
        this.fare = fare;
        this.status = CallStatus.PLACED;
        this.cancelReason = null;
        this.paymentStatus = null;
        this.driveId = null;
        this.driverName = null;
        this.taxiNum = null;
        this.driveStatus = null;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.pickupLat = pickup == null ? null : pickup.lat();
        this.pickupLon = pickup == null ? null : pickup.lon();
        this.dropoffLat = dropoff == null ? null : dropoff.lat();
        this.dropoffLon = dropoff == null ? null : dropoff.lon();
        this.driverId = null;
        this.driverLat = null;
        this.driverLon = null;
        this.offersMade = 0;
    }

    @Override
    public String getId() {
        return callId;
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

    /** Moves the status forward only: events of one ride may be seen again, but a ride never goes back. */
    void advanceTo(CallStatus next, Instant at) {
        if (status == CallStatus.COMPLETED || status == CallStatus.CANCELLED) {
            return;
        }
        if (next == CallStatus.CANCELLED || next.ordinal() > status.ordinal()) {
            status = next;
        }
        touch(at);
    }

    /** A ride cancelled while it was offered holds no driver: its offer is withdrawn, shown as RELEASED. */
    void cancel(CancelReason reason, Instant at) {
        if (status != CallStatus.COMPLETED && status != CallStatus.CANCELLED) {
            cancelReason = reason;
        }
        if (driveStatus == DriveStatus.OFFERED) {
            driveStatus = DriveStatus.RELEASED;
        }
        advanceTo(CallStatus.CANCELLED, at);
    }

    void payment(PaymentStatus paymentStatus, Instant at) {
        this.paymentStatus = paymentStatus;
        touch(at);
    }

    void drive(String driveId, DriveStatus driveStatus, Instant at) {
        this.driveId = driveId;
        this.driveStatus = driveStatus;
        touch(at);
    }

    /** driverId and position are null in drives assigned before drivers were actors. */
    void driver(String driverName, String taxiNum, String driverId, Position position) {
        this.driverName = driverName;
        this.taxiNum = taxiNum;
        this.driverId = driverId;
        this.driverLat = position == null ? null : position.lat();
        this.driverLon = position == null ? null : position.lon();
    }

    /**
     * The offerNumber-th offer of the ride: offersMade is the highest number seen, so an offer delivered again counts
     * once. The drive shows OFFERED only until the ride has a drive status of its own (assigned, or no driver).
     */
    void offered(String driveId, int offerNumber, Instant at) {
        offersMade = Math.max(offersMade, offerNumber);
        if (driveStatus == null || driveStatus == DriveStatus.OFFERED) {
            drive(driveId, DriveStatus.OFFERED, at);
        } else {
            touch(at);
        }
    }

    private void touch(Instant at) {
        if (at.isAfter(updatedAt)) {
            updatedAt = at;
        }
    }

    CallView toView() {
        return new CallView(callId, userId, userName, origin, destination, distance, fare, status, cancelReason,
                            paymentStatus, driveId, driverName, taxiNum, driveStatus, createdAt, updatedAt,
                            position(pickupLat, pickupLon), position(dropoffLat, dropoffLon), driverId,
                            position(driverLat, driverLon), offersMade);
    }

    private static Position position(Double lat, Double lon) {
        return lat == null || lon == null ? null : new Position(lat, lon);
    }
}
