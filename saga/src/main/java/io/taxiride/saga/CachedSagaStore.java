package io.taxiride.saga;

import java.util.Set;

import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * Axon's {@link CachingSagaStore} in front of the database, made safe for rollbacks. Axon's store puts a saga in the
 * cache when it is written, and hands out the cached instance itself, which the handler then changes in place; if
 * the transaction rolls back afterwards (a failing handler, a lost database connection), the cache would hold a
 * state the database never got, and the retry would start from it. So any unit of work that touched the store
 * empties both caches when it rolls back: rollbacks are rare, and the next event simply reads the database again.
 *
 * <p>Only for a single process that alone handles the sagas (the embedded default): another process changing the
 * same sagas would leave this cache stale.
 */
class CachedSagaStore<T> implements SagaStore<T> {

    private static final String ROLLBACK_HOOK = CachedSagaStore.class.getName() + ".rollbackHook";

    private final SagaStore<T> cached;
    private final Cache sagaCache;
    private final Cache associationsCache;

    CachedSagaStore(SagaStore<T> database, Cache sagaCache, Cache associationsCache) {
        this.cached = CachingSagaStore.<T>builder().delegateSagaStore(database)
                                      .sagaCache(sagaCache)
                                      .associationsCache(associationsCache)
                                      .build();
        this.sagaCache = sagaCache;
        this.associationsCache = associationsCache;
    }

    @Override
    public Set<String> findSagas(Class<? extends T> sagaType, AssociationValue associationValue) {
        clearOnRollback();
        return cached.findSagas(sagaType, associationValue);
    }

    @Override
    public <S extends T> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        clearOnRollback();
        return cached.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void deleteSaga(Class<? extends T> sagaType, String sagaIdentifier,
                           Set<AssociationValue> associationValues) {
        clearOnRollback();
        cached.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    @Override
    public void insertSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
                           Set<AssociationValue> associationValues) {
        clearOnRollback();
        cached.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void updateSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
                           AssociationValues associationValues) {
        clearOnRollback();
        cached.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    private void clearOnRollback() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (root.resources().putIfAbsent(ROLLBACK_HOOK, Boolean.TRUE) == null) {
            root.onRollback(unitOfWork -> {
                sagaCache.removeAll();
                associationsCache.removeAll();
            });
        }
    }
}
