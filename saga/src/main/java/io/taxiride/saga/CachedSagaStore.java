package io.taxiride.saga;

import java.util.Set;
import java.util.function.Consumer;

import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * Axon's {@link CachingSagaStore} in front of the database, made safe for rollbacks and for more than one thread.
 * <p>
 * Rollbacks: Axon's store puts a saga in the cache when it is written, and hands out the cached instance itself,
 * which the handler then changes in place; if the transaction rolls back afterwards (a failing handler, a lost
 * database connection), the cache would hold a state the database never got, and the retry would start from it. So
 * any unit of work that touched the store empties both caches when it rolls back: rollbacks are rare, and the next
 * event simply reads the database again.
 * <p>
 * Threads: every segment of the saga's processor looks up every event's associations, also those of sagas another
 * segment handles. A lookup that reads the database while another thread's new saga (or new association) is not yet
 * committed finds nothing and caches that, and Axon's store adds the saga to a cached entry only while writing it,
 * before the commit; the saga would then never see another event of that association. With two saga segments, 3 of
 * about 2,000 rides of a benchmark run stopped that way, their call's dispatch answer never handled. So the
 * associations a commit made are added to (or removed from) the cached entries again once it has committed, and a
 * lookup and that correction of the same association take turns: whichever comes second sees the other's result.
 *
 * <p>Only for a single process that alone handles the sagas (the embedded default): another process changing the
 * same sagas would leave this cache stale.
 */
class CachedSagaStore<T> implements SagaStore<T> {

    private static final String ROLLBACK_HOOK = CachedSagaStore.class.getName() + ".rollbackHook";
    private static final int STRIPES = 64;

    private final SagaStore<T> cached;
    private final Cache sagaCache;
    private final Cache associationsCache;
    private final Object[] stripes = new Object[STRIPES];

    CachedSagaStore(SagaStore<T> database, Cache sagaCache, Cache associationsCache) {
        this.cached = CachingSagaStore.<T>builder().delegateSagaStore(database)
                                      .sagaCache(sagaCache)
                                      .associationsCache(associationsCache)
                                      .build();
        this.sagaCache = sagaCache;
        this.associationsCache = associationsCache;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public Set<String> findSagas(Class<? extends T> sagaType, AssociationValue associationValue) {
        clearOnRollback();
        synchronized (stripe(key(sagaType, associationValue))) {
            return cached.findSagas(sagaType, associationValue);
        }
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
        Set<AssociationValue> removed = Set.copyOf(associationValues);
        cached.deleteSaga(sagaType, sagaIdentifier, associationValues);
        afterCommit(() -> correct(sagaType, sagaIdentifier, Set.of(), removed));
    }

    @Override
    public void insertSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
                           Set<AssociationValue> associationValues) {
        clearOnRollback();
        Set<AssociationValue> added = Set.copyOf(associationValues);
        cached.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
        afterCommit(() -> correct(sagaType, sagaIdentifier, added, Set.of()));
    }

    @Override
    public void updateSaga(Class<? extends T> sagaType, String sagaIdentifier, T saga,
                           AssociationValues associationValues) {
        clearOnRollback();
        // Copied now: the saga manager clears the changes once the saga is stored.
        Set<AssociationValue> added = Set.copyOf(associationValues.addedAssociations());
        Set<AssociationValue> removed = Set.copyOf(associationValues.removedAssociations());
        cached.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
        afterCommit(() -> correct(sagaType, sagaIdentifier, added, removed));
    }

    /** Puts the committed associations into the entries a lookup may have cached meanwhile, from before the commit. */
    private void correct(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> added,
                         Set<AssociationValue> removed) {
        added.forEach(value -> update(key(sagaType, value), sagas -> sagas.add(sagaIdentifier)));
        removed.forEach(value -> update(key(sagaType, value), sagas -> sagas.remove(sagaIdentifier)));
    }

    private void update(String key, Consumer<Set<String>> change) {
        synchronized (stripe(key)) {
            associationsCache.<Set<String>>computeIfPresent(key, sagas -> {
                change.accept(sagas);
                return sagas;
            });
        }
    }

    /** The key {@link CachingSagaStore} caches an association's sagas under. */
    private static String key(Class<?> sagaType, AssociationValue value) {
        return sagaType.getName() + "/" + value.getKey() + "=" + value.getValue();
    }

    private Object stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private static void afterCommit(Runnable correction) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> correction.run());
        } else {
            correction.run();
        }
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
