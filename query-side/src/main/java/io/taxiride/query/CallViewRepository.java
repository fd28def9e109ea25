package io.taxiride.query;

import io.taxiride.api.view.CallStatus;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface CallViewRepository extends JpaRepository<CallViewEntity, String>,
        JpaSpecificationExecutor<CallViewEntity> {

    static Specification<CallViewEntity> ofUser(String userId) {
        return (root, query, cb) -> userId == null ? null : cb.equal(root.get("userId"), userId);
    }

    static Specification<CallViewEntity> withStatus(CallStatus status) {
        return (root, query, cb) -> status == null ? null : cb.equal(root.get("status"), status);
    }
}
