#!/usr/bin/env bash
# One command for the whole benchmark of the all-in-one (embedded H2 files by default; PostgreSQL or Axon Server with
# DB=...) or of the three services on Axon Server: builds the jars, measures start-up and resident memory, starts the
# application with a simulated fleet of FLEET drivers around Seoul City Hall who accept every offer at once and waits
# until they are all online, drives rides through the REST API with Gatling (closed loop, then fixed rate, then an
# overload of twice the closed loop's peak; every ride dispatched to the nearest driver), measures inside the process the projection lag and each ride's time from payment
# to assigned driver, the storage's own write/read limit and the call-view replay rate, then the nearest-driver lookup
# among LOOKUP_DRIVERS more drivers, and stops the application. Then what drivers' positions cost: a second, fresh
# start whose fleet reports a position every MOVE_EVERY, with a fixed rate of rides on top: the positions per second
# written onto the driver-view, the events they left in the event store (none: they are telemetry), and the rides'
# figures beside the same rate without positions. Prints one table. Needs only Java 17+, Maven and openssl (and an Axon Server jar for DB=axonserver);
# loads only 127.0.0.1; every loop is bounded.
#
# Every request carries a bearer token, as a real client's does: with DB=h2 the embedded default's development issuer
# (POST /dev/tokens) issues them; every other mode refuses that issuer, so the script makes an RSA key pair, starts
# each process trusting its public key (public-key-location, audience taxi-ride) and signs the tokens with the private
# key, as an identity provider would. Before the load it measures what checking a token costs (TokenCost: the
# services' decoder in a JVM of its own, and an open endpoint with and without a token).
#
#   ./benchmark/run.sh                               # everything, defaults below (about 15 minutes)
#   LEVELS=8,16,32 LEVEL_SECONDS=20 ./benchmark/run.sh
#   APP_JAVA_OPTS="-Xmx512m" CDS=0 ./benchmark/run.sh
#   LEVELS=4 LEVEL_SECONDS=10 WARMUP_SECONDS=10 RATES=20 FLEET=200 LOOKUP_DRIVERS=1000 MOVES_SECONDS=10 ./benchmark/run.sh
#   OVERLOAD_SECONDS=0 ./benchmark/run.sh             # without the overload level
#   AXONSERVER_JAR=/path/axonserver.jar DB=axonserver SERVICES=3 RATES=50,100 ./benchmark/run.sh
#
# Knobs (environment): PORT, APP_JAVA_OPTS, LEVELS (concurrent riders per closed-loop level), LEVEL_SECONDS,
# WARMUP_SECONDS, WARMUP_USERS, RATES (rides/s of the fixed-rate levels), WAIT (long: the riders wait for a status
# with the call-view's long poll, the default; poll: a GET every POLL_MS ms), POLL_MS, STORAGE_SECONDS, SKIP_BUILD=1,
# FLEET (simulated drivers in the process that handles commands, 1000), LOOKUP_DRIVERS (drivers the lookup adds, 10000;
# 0 skips it), LOOKUPS (2000), LOOKUP_RADIUS_KM (5), MOVE_EVERY (how often each driver of the fleet reports its
# position in the second start, 1s; 0 skips that start), MOVES_RATE (rides/s beside the positions, 50), MOVES_SECONDS
# (30), MOVES_WARMUP_SECONDS (45, at the same rate, not counted: a fresh process compiles for its first minutes),
# OVERLOAD_SECONDS (the overload level's spike at twice the closed loop's best completed rides/s, 60; 0 skips the
# level), OVERLOAD_BEFORE_SECONDS (20) and OVERLOAD_AFTER_SECONDS (40) at half that peak around it, the same riders
# (a call answered 503 is not sent again), OVERLOAD_RATE (the spike's rides/s instead of twice the peak),
# ADMISSION (taxiride.admission.rides-in-dispatch of the process that handles commands: where the adaptive limit
# starts, the application's default when unset; 0 runs without the gate), PLATFORM_TIME (taxiride.admission.platform-
# time, the application's default when unset; 0s keeps the limit at ADMISSION), APP_ARGS (extra --name=value arguments for the application), PASSENGERS (the riders' distinct passengers, each with
# a token of their own, taken in turn by the rides, 1000), CDS=0 (skip the start-up measured with a
# class-data-sharing archive: Spring Boot's extracted layout plus an archive trained by one start that exits),
# DB=postgres (the postgres profile on a real PostgreSQL 17 started from the embedded-postgres binaries on PG_PORT,
# with fsync and synchronous commit on as PostgreSQL's defaults, not embedded-postgres's; each application start gets
# an empty database of its own), DB=axonserver (the axonserver profile on a real Axon Server, which the script starts
# from the jar AXONSERVER_JAR names, in a temporary directory, on AS_HTTP_PORT and AS_GRPC_PORT, with AS_JAVA_OPTS;
# its storage limit is Axon Server's own append and read through the connector), and with it SERVICES=3 (the command
# side, the saga and the query side as three JVMs with SERVICE_JAVA_OPTS each on COMMAND_PORT, SAGA_PORT and
# QUERY_PORT, the probe in the query side, the fleet in the command side; Gatling sends commands to the command side
# and reads the query side; the second start has an Axon Server of its own, empty as its databases are).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PORT=${PORT:-18080}
APP_JAVA_OPTS=${APP_JAVA_OPTS:--Xmx192m -XX:+UseG1GC -Xss512k}
LEVELS=${LEVELS:-4,8,16,32,64}
LEVEL_SECONDS=${LEVEL_SECONDS:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
WARMUP_USERS=${WARMUP_USERS:-8}
RATES=${RATES:-10,50,100}
POLL_MS=${POLL_MS:-20}
WAIT=${WAIT:-long}
STORAGE_SECONDS=${STORAGE_SECONDS:-5}
APP_ARGS=${APP_ARGS:-}
FLEET=${FLEET:-1000}
PASSENGERS=${PASSENGERS:-1000}
LOOKUP_DRIVERS=${LOOKUP_DRIVERS:-10000}
LOOKUPS=${LOOKUPS:-2000}
LOOKUP_RADIUS_KM=${LOOKUP_RADIUS_KM:-5}
MOVE_EVERY=${MOVE_EVERY:-1s}
MOVES_RATE=${MOVES_RATE:-50}
MOVES_SECONDS=${MOVES_SECONDS:-30}
MOVES_WARMUP_SECONDS=${MOVES_WARMUP_SECONDS:-45}
OVERLOAD_SECONDS=${OVERLOAD_SECONDS:-60}
OVERLOAD_BEFORE_SECONDS=${OVERLOAD_BEFORE_SECONDS:-20}
OVERLOAD_AFTER_SECONDS=${OVERLOAD_AFTER_SECONDS:-40}
# The spike's rate: twice the closed loop's peak of this run unless set (a smoke on a busy machine sets it).
OVERLOAD_RATE_SET=${OVERLOAD_RATE:-}
# The fleet answers every offer at once and declines none: the time from payment to assigned driver is dispatch's own.
FLEET_ARGS="--taxiride.fleet.simulated-drivers=$FLEET --taxiride.fleet.answer-delay-min=0ms"
FLEET_ARGS+=" --taxiride.fleet.answer-delay-max=0ms --taxiride.fleet.decline-rate=0"
[ -n "${ADMISSION:-}" ] && FLEET_ARGS+=" --taxiride.admission.rides-in-dispatch=$ADMISSION"
[ -n "${PLATFORM_TIME:-}" ] && FLEET_ARGS+=" --taxiride.admission.platform-time=$PLATFORM_TIME"
MOVED_EVENT=io.taxiride.api.driver.DriverMovedEvent
DB=${DB:-h2}
PG_PORT=${PG_PORT:-15432}
PG_PID=""
AS_HTTP_PORT=${AS_HTTP_PORT:-18424}
AS_GRPC_PORT=${AS_GRPC_PORT:-18524}
AS_JAVA_OPTS=${AS_JAVA_OPTS:--Xmx256m}
AS_PID=""
SERVICES=${SERVICES:-1}
# 192 MB each, as the all-in-one: with 128 MB the saga and the query side ran 17 full collections under load and
# carried 16.9 rides/s at the peak, against none and 20.6 (docs/benchmarks.md, "Settings and the measurements behind them").
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx192m -XX:+UseG1GC -Xss512k}
COMMAND_PORT=${COMMAND_PORT:-18081}
SAGA_PORT=${SAGA_PORT:-18082}
QUERY_PORT=${QUERY_PORT:-18083}
SERVICE_PIDS=()
SERVICE_LINES=()
case "$DB:$SERVICES" in
  h2:1|postgres:1|axonserver:1|axonserver:3) ;;
  *) echo "DB must be h2, postgres or axonserver, and SERVICES=3 needs DB=axonserver (got DB=$DB SERVICES=$SERVICES)" >&2
     exit 2 ;;
esac
[[ "$FLEET" =~ ^[1-9][0-9]*$ ]] || { echo "FLEET must be 1 or more: the rides need drivers (got $FLEET)" >&2; exit 2; }
[[ "$MOVE_EVERY" =~ ^0[a-z]*$ ]] && MOVE_EVERY=0
if [[ "$DB" == axonserver && ! -f "${AXONSERVER_JAR:-}" ]]; then
  echo "DB=axonserver needs AXONSERVER_JAR, the path of an Axon Server SE jar (got '${AXONSERVER_JAR:-}')" >&2
  exit 2
fi
if [[ "$SERVICES" == 3 ]]; then
  # Commands to the command side; the call-view, its long polls and the probe on the query side.
  BASE="http://127.0.0.1:$COMMAND_PORT"
  QBASE="http://127.0.0.1:$QUERY_PORT"
else
  BASE="http://127.0.0.1:$PORT"
  QBASE=$BASE
fi
APP_JAR="$ROOT/all-in-one/target/taxi-ride-all-in-one.jar"
PROBE_JAR="$ROOT/benchmark-probe/target/taxi-ride-benchmark-probe.jar"
OUT="$ROOT/benchmark/target/run-$(date -u +%Y%m%dT%H%M%SZ)"
# The logs of the processes under load: $OUT for the main run, $OUT/moves for the start with positions.
LOGS=$OUT
mkdir -p "$OUT/moves"
RUN_STARTED=$SECONDS
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
  stop_services
  stop_axonserver
  if [[ -n "$PG_PID" ]]; then kill "$PG_PID" 2>/dev/null || true; wait "$PG_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

# The issuer of the run's tokens: the development issuer of the embedded default, or a key pair of the run's.
ISSUER_KEY=""
ISSUER_ARGS=""
if [[ "$DB" != h2 ]]; then
  ISSUER_KEY="$DATA/issuer-private.pem"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$ISSUER_KEY" 2>/dev/null
  openssl pkey -in "$ISSUER_KEY" -pubout -out "$DATA/issuer-public.pem"
  ISSUER_ARGS="--spring.security.oauth2.resourceserver.jwt.public-key-location=file:$DATA/issuer-public.pem"
  ISSUER_ARGS+=" --spring.security.oauth2.resourceserver.jwt.audiences=taxi-ride"
fi
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
# A token for subject $1 with role $2: signed with the run's key, or issued by the application at $BASE.
token_for() {
  local header payload now
  if [[ -n "$ISSUER_KEY" ]]; then
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"https://benchmark-issuer.taxiride.invalid","aud":["taxi-ride"],"sub":"%s","role":"%s","iat":%d,"exp":%d}' \
                "$1" "$2" "$now" $(( now + 43200 )) | b64url)
    echo "$header.$payload.$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$ISSUER_KEY" -binary | b64url)"
  else
    curl -sf -m 10 -H 'Content-Type: application/json' -d "{\"subject\":\"$1\",\"role\":\"$2\"}" "$BASE/dev/tokens" \
      | sed 's/.*"token":"\([^"]*\)".*/\1/'
  fi
}
# The operator's token for the probe, the driver list and the metrics: one for the run with its own key; a new one
# from each start of the embedded default, whose issuer's key is new at every start.
OPERATOR_TOKEN=""
operator_token() {
  OPERATOR_TOKEN=$(token_for bench-operator OPERATOR)
  [[ -n "$OPERATOR_TOKEN" ]] || { echo "no operator token from the application" >&2; exit 1; }
}
# curl as the operator.
ocurl() { curl -H "Authorization: Bearer $OPERATOR_TOKEN" "$@"; }

# The application's arguments for its storage: H2 files in the data directory, PostgreSQL database $1, or the run's
# Axon Server (with the view, tokens and sagas in H2 files in the data directory); and the run's issuer of tokens
# where the development issuer is refused.
db_args() {
  [[ -n "$ISSUER_ARGS" ]] && echo "$ISSUER_ARGS"
  [[ "$DB" == postgres ]] && echo "--spring.profiles.active=postgres --spring.datasource.username=postgres" \
    "--spring.datasource.password=postgres --spring.datasource.url=jdbc:postgresql://127.0.0.1:$PG_PORT/${1//-/_}"
  [[ "$DB" == axonserver ]] && echo "--spring.profiles.active=axonserver --axon.axonserver.servers=127.0.0.1:$AS_GRPC_PORT"
  return 0
}

# True when nothing listens on 127.0.0.1 port $1.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Axon Server from AXONSERVER_JAR, with its control database, events and plugins in the run's temporary directory
# $DATA/$1, logging to $LOGS/axonserver.log. Its ports must be free (a health answer from another server there would
# be taken for this one's); a server of this run that just stopped gets a few seconds to let them go.
start_axonserver() {
  local dir="$DATA/$1" port
  for port in "$AS_HTTP_PORT" "$AS_GRPC_PORT"; do
    for _ in $(seq 1 50); do port_free "$port" && break; sleep 0.1; done
    port_free "$port" || { echo "port $port is in use: choose AS_HTTP_PORT / AS_GRPC_PORT" >&2; exit 1; }
  done
  mkdir -p "$dir/data" "$dir/events" "$dir/plugins"
  (cd "$dir" && exec java $AS_JAVA_OPTS -jar "$AXONSERVER_JAR" --server.port="$AS_HTTP_PORT" \
     --server.address=127.0.0.1 --axoniq.axonserver.port="$AS_GRPC_PORT" --axoniq.axonserver.hostname=localhost \
     --axoniq.axonserver.controldb-path="$dir/data" --axoniq.axonserver.controldb-backup-location="$dir/data" \
     --axoniq.axonserver.event.storage="$dir/events" --axoniq.axonserver.snapshot.storage="$dir/events" \
     --axoniq.axonserver.transformation.storage="$dir/data/transformation" \
     --axoniq.axonserver.pid-file-location="$dir/data" \
     --axoniq.axonserver.plugin-cache-directory="$dir/plugins/cache" \
     --axoniq.axonserver.plugin-package-directory="$dir/plugins/bundles" >"$LOGS/axonserver.log" 2>&1) &
  AS_PID=$!
  local deadline=$(( SECONDS + 600 ))   # a loaded machine has taken minutes
  while (( SECONDS < deadline )); do
    kill -0 "$AS_PID" 2>/dev/null || break
    curl -sf -m 2 "http://127.0.0.1:$AS_HTTP_PORT/actuator/health" 2>/dev/null | grep -q '"UP"' && return 0
    sleep 0.2
  done
  tail -30 "$LOGS/axonserver.log" >&2; echo "Axon Server did not start" >&2; exit 1
}
stop_axonserver() {
  if [[ -n "$AS_PID" ]]; then kill "$AS_PID" 2>/dev/null || true; wait "$AS_PID" 2>/dev/null || true; fi
  AS_PID=""
}

# SERVICES=3: one service ($1: command-side | saga | query-side, its exec jar's module) on port $2, its data directory
# $DATA/$3-$1, logging to $LOGS; the probe added to the query side as to the all-in-one (Spring Boot's
# PropertiesLauncher), the fleet's arguments $4 to the command side, whose jar carries the fleet simulator; waits for
# health UP; appends its pid to SERVICE_PIDS and sets STARTUP_MS.
start_service() {
  local jar launch_log="$LOGS/app-$1.log" started pid
  jar=$(ls "$ROOT/$1"/target/"$1"-*-exec.jar)
  [[ "$1" == query-side ]] && launch_log="$LOGS/app-load.log"
  port_free "$2" || { echo "port $2 for $1 is in use: choose COMMAND_PORT / SAGA_PORT / QUERY_PORT" >&2; exit 1; }
  started=$(date +%s%N)
  if [[ "$1" == query-side ]]; then
    java $SERVICE_JAVA_OPTS -Xlog:gc:file="$LOGS/gc-load.log":timemillis -cp "$jar" -Dloader.path="$PROBE_JAR" \
      -Dloader.main=io.taxiride.query.service.QuerySideApplication \
      org.springframework.boot.loader.launch.PropertiesLauncher --server.port="$2" \
      --taxiride.data-dir="$DATA/$3-$1" --taxiride.benchmark-probe.enabled=true \
      --axon.axonserver.servers=127.0.0.1:$AS_GRPC_PORT $ISSUER_ARGS $APP_ARGS >"$launch_log" 2>&1 &
  else
    java $SERVICE_JAVA_OPTS -Xlog:gc:file="$LOGS/gc-$1.log":timemillis -jar "$jar" --server.port="$2" \
      --taxiride.data-dir="$DATA/$3-$1" --axon.axonserver.servers=127.0.0.1:$AS_GRPC_PORT $ISSUER_ARGS ${4:-} $APP_ARGS \
      >"$launch_log" 2>&1 &
  fi
  pid=$!
  SERVICE_PIDS+=("$pid")
  for _ in $(seq 1 3000); do   # 20 ms steps, at most 60 s (plus curl time)
    curl -sf -m 1 "http://127.0.0.1:$2/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    kill -0 "$pid" 2>/dev/null || { cat "$launch_log" >&2; echo "$1 died" >&2; exit 1; }
    sleep 0.02
  done
  curl -sf -m 1 "http://127.0.0.1:$2/actuator/health" | grep -q '"UP"' || { echo "$1 not UP in time" >&2; exit 1; }
  STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}
stop_services() {
  local pid
  for pid in "${SERVICE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SERVICE_PIDS[@]}"; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  done
  SERVICE_PIDS=()
}

# Starts the application ($1 = launcher: jar | cds | probe) on a fresh data directory and database $2, with the
# further arguments $3 (the fleet's); logs to $LOGS; sets APP_PID and STARTUP_MS.
start_app() {
  local dir="$DATA/$2" launch_log="$LOGS/app-$2.log" started
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
    java $APP_JAVA_OPTS -Xlog:gc:file="$LOGS/gc-$2.log":timemillis -cp "$APP_JAR" -Dloader.path="$PROBE_JAR" \
      -Dloader.main=io.taxiride.TaxiRideApplication \
      org.springframework.boot.loader.launch.PropertiesLauncher \
      --server.port="$PORT" --taxiride.data-dir="$dir" --taxiride.benchmark-probe.enabled=true $(db_args "$2") \
      ${3:-} $APP_ARGS >"$launch_log" 2>&1 &
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

# The collector's pauses in the GC logs of the processes under load (gc-load.log; with SERVICES=3 also gc-command-side.log
# and gc-saga.log) in directory $3 (default $OUT), lines [<epoch ms>ms] ... Pause ... <pause>ms, between epoch ms $1
# and $2 (default: all): "count/max/total ms", and how many were full collections.
gc_pauses() {
  awk -v a="${1:-0}" -v b="${2:-99999999999999}" '/Pause/ { t = substr($1, 2) + 0; if (t < a || t > b) next
         ms = $NF; sub(/ms$/, "", ms); ms += 0; n++; total += ms; if (ms > max) max = ms; if (/Pause Full/) full++ }
       END { printf "%d/%.0f/%.0f%s", n, max, total, full ? " (" full " full)" : "" }' "${3:-$OUT}"/gc-*.log
}

rss_kb() { grep VmRSS "/proc/$1/status" | tr -s ' ' | cut -d' ' -f2; }
# The processes under load: the all-in-one, or the three services.
load_pids() { if [[ "$SERVICES" == 3 ]]; then echo "${SERVICE_PIDS[@]}"; else echo "$APP_PID"; fi; }

gatling() { # $1 = mode, $2 = summary file; the rest is passed as environment (OPEN_WARMUP_SECONDS, LABEL_PREFIX too)
  (cd "$ROOT" && BENCH_BASE_URL="$BASE" BENCH_QUERY_URL="$QBASE" BENCH_MODE="$1" BENCH_SUMMARY="$2" BENCH_POLL_MS="$POLL_MS" BENCH_WAIT="$WAIT" \
     BENCH_LEVELS="$LEVELS" BENCH_LEVEL_SECONDS="$LEVEL_SECONDS" BENCH_WARMUP_SECONDS="$WARMUP_SECONDS" \
     BENCH_WARMUP_USERS="$WARMUP_USERS" BENCH_RATES="$RATES" BENCH_OPEN_WARMUP_SECONDS="${OPEN_WARMUP_SECONDS:-0}" \
     BENCH_LABEL_PREFIX="${LABEL_PREFIX:-}" BENCH_PRIVATE_KEY="$ISSUER_KEY" BENCH_PASSENGERS="$PASSENGERS" \
     BENCH_OVERLOAD_RATE="${OVERLOAD_RATE:-}" BENCH_NORMAL_RATE="${NORMAL_RATE:-}" \
     BENCH_OVERLOAD_SECONDS="$OVERLOAD_SECONDS" BENCH_BEFORE_SECONDS="$OVERLOAD_BEFORE_SECONDS" \
     BENCH_AFTER_SECONDS="$OVERLOAD_AFTER_SECONDS" BENCH_OVERLOAD_REPORT="$LOGS/overload.txt" \
     mvn -B -q -Pbenchmark -pl benchmark gatling:test >"$LOGS/gatling-$1.log" 2>&1) \
    || { tail -40 "$LOGS/gatling-$1.log" >&2; echo "gatling ($1) failed" >&2; exit 1; }
}

# A number from the JSON $2: the value of the first "$1": (digits, sign, point, exponent).
jv() { grep -o "\"$1\":[-0-9.Ee]*" "$2" | head -1 | cut -d: -f2; }

# Until the driver-view shows at least FLEET drivers and none of them OFFLINE (the simulator registers each, then
# brings it online), at most 5 minutes; sets FLEET_ONLINE_S, the seconds it took from the call.
wait_fleet() {
  local started=$SECONDS total="" offline=""
  while (( SECONDS - started < 300 )); do
    total=$(ocurl -sf -m 5 "$QBASE/drivers?size=1" 2>/dev/null | grep -o '"totalItems":[0-9]*' | cut -d: -f2 || true)
    offline=$(ocurl -sf -m 5 "$QBASE/drivers?status=OFFLINE&size=1" 2>/dev/null | grep -o '"totalItems":[0-9]*' \
              | cut -d: -f2 || true)
    if [[ -n "$total" && -n "$offline" ]] && (( total >= FLEET && offline == 0 )); then
      FLEET_ONLINE_S=$(( SECONDS - started ))
      return 0
    fi
    sleep 0.5
  done
  echo "the fleet of $FLEET drivers was not online within 300 s: ${total:-?} drivers, ${offline:-?} of them offline" >&2
  exit 1
}

# RSS and load average every 0.5 s while the load runs (at most 2 hours of samples), into $LOGS/samples.txt.
# Lines: epoch ms, RSS in KB (the services' sum), load average, then each service's RSS with SERVICES=3.
start_sampler() {
  ( for _ in $(seq 1 14400); do
      rss=""
      for pid in $(load_pids); do kill -0 "$pid" 2>/dev/null || break 2; rss="$rss $(rss_kb "$pid")"; done
      echo "$(date +%s%3N) $(echo $rss | awk '{ for (i = 1; i <= NF; i++) t += $i; print t }') $(load1)$([[ "$SERVICES" == 3 ]] && echo "$rss")"
      sleep 0.5
    done ) >"$LOGS/samples.txt" 2>/dev/null &
  SAMPLER_PID=$!
}
stop_sampler() {
  kill "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building (mvn -Pbenchmark -DskipTests package)"
  mvn -B -q -Pbenchmark -DskipTests package >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
fi

# The benchmark's own programs (PostgreSQL's server, the cost of a token) run on its test class path.
(cd "$ROOT" && mvn -B -q -Pbenchmark -pl benchmark dependency:build-classpath -Dmdep.includeScope=test \
   -Dmdep.outputFile="$OUT/benchmark.classpath" >"$OUT/classpath.log" 2>&1) || { tail -20 "$OUT/classpath.log"; exit 1; }
BENCH_CP="$ROOT/benchmark/target/test-classes:$(cat "$OUT/benchmark.classpath")"

if [[ "$DB" == postgres ]]; then
  log "starting PostgreSQL on port $PG_PORT (embedded-postgres binaries)"
  java -cp "$BENCH_CP" taxiride.benchmark.EmbeddedPostgresMain \
    "$PG_PORT" plain cds_train cds load moves >>"$OUT/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 600); do grep -q '^ready' "$OUT/postgres.log" && break; kill -0 "$PG_PID" || break; sleep 0.1; done
  grep -q '^ready' "$OUT/postgres.log" || { tail -20 "$OUT/postgres.log"; echo "PostgreSQL did not start" >&2; exit 1; }
fi

if [[ "$DB" == axonserver ]]; then
  log "starting Axon Server ($AXONSERVER_JAR) on ports $AS_HTTP_PORT (HTTP) and $AS_GRPC_PORT (gRPC)"
  start_axonserver axonserver
fi

# The process(es) under load, on data directories and a database named $1, the fleet's arguments $2 where commands
# are handled: the all-in-one with the probe, or the three services (the probe in the query side, the fleet in the
# command side), one after the other. Sets SERVICE_LINES with SERVICES=3.
start_load() {
  local service name how
  if [[ "$SERVICES" == 3 ]]; then
    for service in command-side:$COMMAND_PORT saga:$SAGA_PORT query-side:$QUERY_PORT; do
      name=${service%%:*}
      start_service "$name" "${service##*:}" "$1" "$([[ "$name" == command-side ]] && echo "$2")"
      how="java -jar $name-*-exec.jar"
      [[ "$name" == query-side ]] && how="$name-*-exec.jar via PropertiesLauncher + probe jar"
      if [[ "$1" == load ]]; then
        SERVICE_LINES+=("start-up, $name|${STARTUP_MS} ms to health UP, RSS $(( $(rss_kb "${SERVICE_PIDS[-1]}") / 1024 )) MB|$(load1)|$how, empty data directory; RSS right after health UP")
      fi
    done
  else
    start_app probe "$1" "$2"
  fi
  operator_token
}
stop_load() {
  stop_app
  stop_services
}

CDS_LINE=""
if [[ "$SERVICES" == 3 ]]; then
  log "starting the command side (with $FLEET simulated drivers), the saga and the query side (with the benchmark probe), one after the other"
  START_LOAD=$(load1)
  start_load load "$FLEET_ARGS"
else
log "start-up of the plain jar (java -jar) on an empty data directory"
START_LOAD=$(load1)
start_app jar plain
PLAIN_STARTUP_MS=$STARTUP_MS; PLAIN_SPRING=$SPRING_STARTED; IDLE_RSS_KB=$(rss_kb "$APP_PID")
stop_app
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

log "starting the application with the benchmark probe and $FLEET simulated drivers"
start_load load "$FLEET_ARGS"
PROBE_STARTUP_MS=$STARTUP_MS; PROBE_SPRING=$SPRING_STARTED
fi
log "waiting until the $FLEET drivers are online"
wait_fleet
log "what checking a bearer token costs (TokenCost)"
TOKEN_LOAD=$(load1)
java -cp "$BENCH_CP" taxiride.benchmark.TokenCost "$QBASE" "$OPERATOR_TOKEN" ${ISSUER_KEY:+key=$ISSUER_KEY} \
  pid="$([[ "$SERVICES" == 3 ]] && echo "${SERVICE_PIDS[2]}" || echo "$APP_PID")" >"$OUT/token-cost.txt" \
  2>"$OUT/token-cost.log" || { tail -20 "$OUT/token-cost.log" >&2; echo "TokenCost failed" >&2; exit 1; }
FLEET_LINE="fleet online|$FLEET drivers $FLEET_ONLINE_S s after health UP|$(load1)|simulated in the process that handles commands, registered and brought online through the commands of a driver's app, uniformly within 3 km of Seoul City Hall; they accept every offer at once (answer delay 0, decline rate 0); waited for until GET /drivers counts $FLEET, none OFFLINE"

start_sampler
log "closed loop: warm-up ${WARMUP_USERS} riders ${WARMUP_SECONDS}s, then riders ${LEVELS}, ${LEVEL_SECONDS}s each"
gatling closed "$OUT/closed.tsv"
log "fixed rate: ${RATES} rides/s, ${LEVEL_SECONDS}s each"
gatling open "$OUT/open.tsv"
# Twice the best completed rides/s of the closed loop above, as a demand spike beyond what this machine carries.
PEAK=$(awk -F'\t' 'NR > 1 && $1 ~ /^closed-/ && $6 + 0 > m { m = $6 + 0 } END { printf "%.1f", m }' "$OUT/closed.tsv")
if (( OVERLOAD_SECONDS > 0 )) && awk -v p="$PEAK" 'BEGIN { exit !(p > 0) }'; then
  OVERLOAD_RATE=${OVERLOAD_RATE_SET:-$(awk -v p="$PEAK" 'BEGIN { printf "%.1f", 2 * p }')}
  NORMAL_RATE=$(awk -v p="$PEAK" 'BEGIN { printf "%.1f", p / 2 }')
  log "overload: ${NORMAL_RATE} rides/s for ${OVERLOAD_BEFORE_SECONDS}s, ${OVERLOAD_RATE} (the peak: ${PEAK}) for ${OVERLOAD_SECONDS}s, ${NORMAL_RATE} for ${OVERLOAD_AFTER_SECONDS}s"
  gatling overload "$OUT/overload.tsv"
  # Calls and waits that got no answer at all: Gatling's summary of errors, the lines of connection failures.
  CONNECTION_ERRORS=$(awk '/^-+ Errors/ { e = 1; next } e && /^> / && tolower($0) ~ /connect|premature|reset by peer|closed/ {
                             for (i = NF; i > 0; i--) if ($i ~ /^[0-9]+$/) { n += $i; break } } END { print n + 0 }' \
                        "$OUT/gatling-overload.log")
fi
ocurl -sf -m 5 -X POST "$QBASE/benchmark/phase?label=idle" >/dev/null
stop_sampler
ocurl -sf -m 5 "$QBASE/benchmark/lag" >"$OUT/lag.txt"
# The H2 housekeeping's sync (its timer; PostgreSQL has none), from the start of the process to the end of the load
ocurl -sf -m 5 "$QBASE/actuator/metrics/taxiride.h2.housekeeping?tag=step:sync" >"$OUT/sync.json" || true
# What the load left on disk (H2: the database file; PostgreSQL keeps its files elsewhere; Axon Server its event files)
DB_FILE_MB=$([[ "$DB" != h2 ]] || du -m "$DATA/load/taxiride.mv.db" | cut -f1)
AS_EVENTS_MB=$([[ "$DB" != axonserver ]] || du -sm "$DATA/axonserver/events" | cut -f1)

storage_limit() {
  log "storage limit (${STORAGE_SECONDS}s per part)"
  STORAGE_LOAD=$(load1)
  ocurl -sf -m 120 -X POST "$QBASE/benchmark/storage?seconds=$STORAGE_SECONDS&batch=100" >"$OUT/storage.txt"
}
# Axon Server keeps the events the storage limit appends (it deletes nothing): it runs after the replays there.
[[ "$DB" != axonserver ]] && storage_limit
log "replay of the call-view"
REPLAY_LOAD=$(load1)
ocurl -sf -m 5 -X POST "$QBASE/benchmark/phase?label=replay" >/dev/null
ocurl -sf -m 1900 -X POST "$QBASE/benchmark/replay?processor=call-view&timeoutSeconds=1800" >"$OUT/replay.txt"
# The first replay also pays for compiling the replay's code paths; a second one shows the rate of a warm process.
REPLAY2_LOAD=$(load1)
ocurl -sf -m 1900 -X POST "$QBASE/benchmark/replay?processor=call-view&timeoutSeconds=1800" >"$OUT/replay2.txt"
# A replay rewrites the view's rows in place; a view built from nothing (a new table, every row written) is timed too.
EMPTY_LOAD=$(load1)
ocurl -sf -m 1900 -X POST "$QBASE/benchmark/replay?processor=call-view&timeoutSeconds=1800&emptyTable=call_view" \
  >"$OUT/replay-empty.txt"
[[ "$DB" == axonserver ]] && storage_limit

# Last before the stop: the lookup's drivers (three events each) must not count in the replay, the storage limit or
# the size of the store after the load.
LOOKUP_ROW=""
if (( LOOKUP_DRIVERS > 0 )); then
  log "nearest-driver lookup: $LOOKUPS lookups among $LOOKUP_DRIVERS more drivers, radius $LOOKUP_RADIUS_KM km"
  LOOKUP_LOAD=$(load1)
  code=$(ocurl -s -m 1200 -o "$OUT/lookup.json" -w '%{http_code}' -X POST \
           "$QBASE/benchmark/dispatch-lookup?drivers=$LOOKUP_DRIVERS&lookups=$LOOKUPS&radiusKm=$LOOKUP_RADIUS_KM" || true)
  if [[ "$code" == 200 ]]; then
    LOOKUP_ROW="nearest-driver lookup|p50 $(jv p50Ms "$OUT/lookup.json") / p99 $(jv p99Ms "$OUT/lookup.json") / max $(jv maxMs "$OUT/lookup.json") ms among $(jv drivers "$OUT/lookup.json") drivers (+ the fleet's $FLEET), $(jv found "$OUT/lookup.json") of $(jv lookups "$OUT/lookup.json") found one within $(jv radiusKm "$OUT/lookup.json") km|$LOOKUP_LOAD|POST /benchmark/dispatch-lookup: dispatch's FindDispatchCandidatesQuery through the query gateway, one after another, from pickups uniform within 10 km of City Hall, the drivers spread over the same disc; they took $(jv registerSeconds "$OUT/lookup.json") s to register and go online (commands, 64 at a time), the driver-view showed them after $(jv availableSeconds "$OUT/lookup.json") s, offline again in $(jv offlineSeconds "$OUT/lookup.json") s"
  else
    LOOKUP_ROW="nearest-driver lookup|failed (HTTP ${code:-none}): $(head -c 300 "$OUT/lookup.json" 2>/dev/null)|$LOOKUP_LOAD|POST /benchmark/dispatch-lookup"
  fi
fi
stop_load

# What positions cost: a second start on an empty store (and with DB=axonserver an Axon Server of its own), its fleet
# reporting a position every MOVE_EVERY, rides at MOVES_RATE on top after a warm-up at that rate.
if [[ "$MOVE_EVERY" != 0 ]]; then
  LOGS="$OUT/moves"
  if [[ "$DB" == axonserver ]]; then
    log "a fresh Axon Server for the start with positions"
    stop_axonserver
    start_axonserver axonserver-moves
  fi
  log "start with positions: $FLEET drivers reporting one every $MOVE_EVERY"
  start_load moves "$FLEET_ARGS --taxiride.fleet.move-every=$MOVE_EVERY"
  wait_fleet
  start_sampler
  log "fixed rate with positions: warm-up ${MOVES_WARMUP_SECONDS}s, then ${MOVES_RATE} rides/s for ${MOVES_SECONDS}s"
  # A failure here leaves the main run's figures standing: the table says what is missing.
  if ! (RATES=$MOVES_RATE LEVEL_SECONDS=$MOVES_SECONDS OPEN_WARMUP_SECONDS=$MOVES_WARMUP_SECONDS LABEL_PREFIX=moves- \
          gatling open "$LOGS/open.tsv"); then
    log "the level with positions failed: $LOGS/gatling-open.log"
  fi
  ocurl -sf -m 5 -X POST "$QBASE/benchmark/phase?label=idle" >/dev/null
  stop_sampler
  # The last reports sent are answered within a few seconds.
  sleep 3
  ocurl -sf -m 5 "$QBASE/benchmark/lag" >"$LOGS/lag.txt"
  MOVES_SIZE_LOAD=$(load1)
  ocurl -sf -m 120 "$QBASE/benchmark/event-size?type=$MOVED_EVENT" >"$LOGS/event-size.txt" || echo "failed" >"$LOGS/event-size.txt"
  stop_load
  LOGS=$OUT
fi

# ---- the table -------------------------------------------------------------------------------------------------
if [[ "$DB" == axonserver ]]; then
  INSERT1=$(kv append_1_per_tx_events_per_s "$OUT/storage.txt")
  INSERTN=$(kv append_100_per_tx_events_per_s "$OUT/storage.txt")
  READ=$(kv read_events_per_s "$OUT/storage.txt")
  W1="÷append1"; WN="÷append100"
else
  INSERT1=$(kv insert_1_per_tx_rows_per_s "$OUT/storage.txt")
  INSERTN=$(kv insert_100_per_tx_rows_per_s "$OUT/storage.txt")
  READ=$(kv read_events_rows_per_s "$OUT/storage.txt")
  W1="÷insert1"; WN="÷insert100"
fi
EVENTS=$(kv events "$OUT/replay.txt")
CALLS=$(kv calls "$OUT/replay.txt")
# A completed ride is 12 events when its first offer is accepted: CallPlaced, FarePaid, CallOffered, RideOffered (the
# Driver's), OfferAccepted, RideTaken, DriveAssigned, DriveStarted, RideBegun, DriveEnded, CallCompleted, DriverFreed.
# An offer to a driver the driver-view showed available a moment too long adds a refusal and a next offer.
EVENTS_PER_RIDE=12
case "$DB" in postgres) STORE=PostgreSQL ;; axonserver) STORE="Axon Server" ;; *) STORE=H2 ;; esac
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
case "$DB" in
  postgres) ON="all-in-one on PostgreSQL 17 (postgres profile; server $(grep -m1 '^ready' "$OUT/postgres.log" | cut -d' ' -f2-))" ;;
  axonserver) ON="$([[ "$SERVICES" == 3 ]] && echo "command side, saga and query side as three JVMs" || echo "all-in-one") on Axon Server ($(basename "$AXONSERVER_JAR"), axonserver profile, Axon Server JVM: $AS_JAVA_OPTS)" ;;
  *) ON="all-in-one on H2 files (embedded default)" ;;
esac
echo "Taxi-ride benchmark, $ON — $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -h | awk '/Mem:/ {print $2}') RAM;" \
     "$(java -version 2>&1 | head -1)"
[[ "$SERVICES" == 3 ]] && echo "each service's JVM flags: $SERVICE_JAVA_OPTS; RSS below is the three services' sum; the probe in the query side, the fleet in the command side"
echo "app JVM flags: $([[ "$SERVICES" == 3 ]] && echo "(see above)" || echo "$APP_JAVA_OPTS")   app args: ${APP_ARGS:-none}   wait: ${WAIT}$([[ "$WAIT" == poll ]] && echo " every ${POLL_MS} ms")   events per completed ride: $EVENTS_PER_RIDE (store: $EVENTS events, $CALLS calls)"
echo "simulated fleet: $FLEET drivers within 3 km of Seoul City Hall, accepting at once; pickups uniform within 3 km of it; the whole run took $(( (SECONDS - RUN_STARTED + 30) / 60 )) min"
echo
echo "Rides (Gatling through the REST API; ms; load = 1-min load average at the end of the level; moves-…: the second start, the fleet reporting positions every $MOVE_EVERY)"
} >"$OUT/table.txt"
# The rows of the levels in the Gatling summaries $2..., with the probe's phases, the samples and the GC logs in $1.
ride_rows() {
  local dir=$1 tsv lag
  shift
  for tsv in "$@"; do
    [[ -f "$tsv" ]] || continue
    tail -n +2 "$tsv" | while IFS=$'\t' read -r phase load started ok errors rps p50 p95 p99 pmax a50 a99 c50 c99 r50 l50 l99 t0 t1 refused refused99; do
      lag=$(grep "^phase=$phase " "$dir/lag.txt" || true)
      la=$(awk -v t="$t1" '$1 <= t {l = $3} END {print l}' "$dir/samples.txt")
      rss=$(awk -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b && $2 > m {m = $2} END {printf "%d", m / 1024}' "$dir/samples.txt")
      eps=$(awk -v r="$rps" -v e="$EVENTS_PER_RIDE" 'BEGIN {printf "%.0f", r * e}')
      printf '%s\n' "$phase|$load|$la|$ok|$errors|${refused:-0}$([[ "${refused:-0}" != 0 ]] && echo " (p99 $refused99 ms)")|$rps|$eps|$(awk -v a="$eps" -v b="$INSERT1" 'BEGIN {printf "%.2f", a / b}')|$(awk -v a="$eps" -v b="$INSERTN" 'BEGIN {printf "%.2f", a / b}')|$p50/$p95/$p99/$pmax|$a50/$a99|$(lagv paid_assigned_p50_ms)/$(lagv paid_assigned_p99_ms)/$(lagv paid_assigned_max_ms)|$c50/$c99|$(lagv lag_p50_ms)/$(lagv lag_p99_ms)|$l50/$l99|$rss|$(gc_pauses "$t0" "$t1" "$dir")"
    done
  done
}
# A value of the probe's phase line in $lag.
lagv() { echo "$lag" | grep -o " $1=[-0-9.]*" | cut -d= -f2; }
{
printf '%s\n' "phase|load|loadavg|rides ok|errors|refused (503)|rides/s|events/s|$W1|$WN|POST /calls p50/p95/p99/max|to DRIVER_ASSIGNED p50/p99|paid→assigned in-app p50/p99/max|end→COMPLETED p50/p99|lag in-app p50/p99|lag poll p50/p99|RSS max MB|GC pauses n/max/sum ms"
ride_rows "$OUT" "$OUT/closed.tsv" "$OUT/open.tsv" "$OUT/overload.tsv"
ride_rows "$OUT/moves" "$OUT/moves/open.tsv"
} | tee "$OUT/table-rides.txt" | align >>"$OUT/table.txt"

if [[ -f "$OUT/overload.txt" ]]; then
  ov() { grep "^$1=" "$OUT/overload.txt" | head -1 | cut -d= -f2-; }
  lag=$(grep "^phase=overload-spike " "$OUT/lag.txt" || true)
  {
  printf '\nOverload (open rates, one population: %s rides/s for %s s, %s rides/s — %s, the closed loop'"'"'s peak being %s — for %s s, %s rides/s for %s s; a call answered 503 is not sent again)\n' \
    "$(ov normal_rate)" "$OVERLOAD_BEFORE_SECONDS" "$(ov rate)" "$([[ -n "$OVERLOAD_RATE_SET" ]] && echo "set by OVERLOAD_RATE" || echo "twice the peak")" \
    "$PEAK" "$(ov spike_seconds)" "$(ov normal_rate)" "$OVERLOAD_AFTER_SECONDS"
  {
  printf '%s\n' "figure|value|target"
  echo "accepted rides/s in the spike|$(ov spike_accepted_per_s) ($(awk -v a="$(ov spike_accepted_per_s)" -v p="$PEAK" 'BEGIN { printf "%.0f", 100 * a / p }') % of the peak; $(ov spike_accepted) of $(ov spike_sent) sent, $(ov spike_completed) completed by their riders)|≥ 90 % of the peak"
  echo "refused rides/s in the spike|$(ov spike_refused_per_s) ($(ov spike_refused) answered 503)|-"
  echo "answer time of a refusal (503)|p50 $(ov refused_p50_ms) / p99 $(ov refused_p99_ms) / max $(ov refused_max_ms) ms|≤ 50 ms"
  echo "POST /calls p99, accepted|$(ov accepted_place_p99_ms) ms (before the spike $(ov normal_place_p99_ms) ms)|≤ 500 ms"
  echo "to DRIVER_ASSIGNED p99, accepted|$(ov accepted_assigned_p99_ms) ms from POST /calls; paid→assigned in-app p99 $(lagv paid_assigned_p99_ms) ms (before the spike $(ov normal_assigned_p99_ms) ms)|≤ 2,000 ms"
  echo "connection errors|${CONNECTION_ERRORS:-?} (Gatling's errors of connections, all requests of the level); POST /calls without any answer: $(ov unanswered)|0"
  echo "recovery after the spike|$(ov recovery)|≤ 10 s"
  echo "accepted rides lost|$(ov lost) of $(ov accepted) accepted (10 s after the level neither ended nor with a driver); $(ov left_by_rider) more left by their riders with a driver after a wait in vain; not finished by their riders $(ov unfinished_by_rider), by status $(ov unfinished_statuses)|0"
  } | align
  } >>"$OUT/table.txt"
fi

printf '\nReplay, storage limit, start-up, memory\n' >>"$OUT/table.txt"
{
printf '%s\n' "figure|value|loadavg|how"
replay_row "replay call-view" "$OUT/replay.txt" "$REPLAY_LOAD" \
  "in process: shutDown, resetTokens (its reset handlers, timed apart), start, until every segment is at the head; the rows are rewritten in place"
replay_row "replay call-view, again" "$OUT/replay2.txt" "$REPLAY2_LOAD" \
  "the same replay right after the first: its code is compiled by then"
replay_row "build into an empty view" "$OUT/replay-empty.txt" "$EMPTY_LOAD" \
  "the same after emptying call_view (not timed): every row inserted, as for a new table; third, so partly compiled"
if [[ "$DB" == axonserver ]]; then
  echo "$STORE append, 1 event/tx|$INSERT1 events/s|$STORAGE_LOAD|through the application's connector (eventChannel().appendEvents), each awaited before the next; the stored events' payload size ($(kv payload_bytes "$OUT/storage.txt") B) and metadata, 7 events per scratch aggregate; after the replays"
  echo "$STORE append, 100 events/tx|$INSERTN events/s|$STORAGE_LOAD|same, 100 events per append transaction"
  echo "$STORE sequential read|$READ events/s|$STORAGE_LOAD|eventChannel().openStream from the first event, every stored event ($(kv read_events "$OUT/storage.txt") read)"
  echo "Axon Server event files after the load|$AS_EVENTS_MB MB|$(load1)|its event storage directory when the last level ended ($EVENTS events in the store)"
else
  echo "$STORE insert, 1 row/tx|$INSERT1 rows/s|$STORAGE_LOAD|JDBC on the app's pool, event-sized rows ($(kv payload_bytes "$OUT/storage.txt") B payload, $(kv columns "$OUT/storage.txt" | tr , '\n' | grep '^payload:' | cut -d: -f2)), columns and unique keys of domain_event_entry"
  echo "$STORE insert, 100 rows/tx|$INSERTN rows/s|$STORAGE_LOAD|same, JDBC batch of 100 per commit"
  echo "$STORE sequential read|$READ rows/s|$STORAGE_LOAD|select * from domain_event_entry order by global_index, all columns read"
fi
if [[ "$SERVICES" == 3 ]]; then
  printf '%s\n' "${SERVICE_LINES[@]}"
else
echo "start-up, java -jar|${PLAIN_STARTUP_MS} ms to health UP (Spring: ${PLAIN_SPRING} s)|$START_LOAD|process launch → GET /actuator/health UP, empty data directory"
echo "start-up, with probe|${PROBE_STARTUP_MS} ms to health UP (Spring: ${PROBE_SPRING} s)|$START_LOAD|same via PropertiesLauncher + probe jar"
[[ -n "$CDS_LINE" ]] && echo "$CDS_LINE"
fi
[[ -n "$DB_FILE_MB" ]] && echo "H2 file after the load|$DB_FILE_MB MB|$(load1)|taxiride.mv.db when the last level ended, before storage limit and replay ($EVENTS events in the store)"
if [[ -s "$OUT/sync.json" ]]; then
  # COUNT, TOTAL_TIME (s) and MAX (s, the largest of the last two minutes) from the actuator's JSON
  sync_stat() { grep -o "\"statistic\":\"$1\",\"value\":[0-9.E-]*" "$OUT/sync.json" | cut -d: -f3; }
  SLOW=$(grep -c 'H2 housekeeping round took' "$OUT/app-load.log" || true)
  echo "H2 sync per second|$(awk -v n="$(sync_stat COUNT)" -v t="$(sync_stat TOTAL_TIME)" -v m="$(sync_stat MAX)" \
    'BEGIN {printf "%d syncs, mean %.1f ms, max %.0f ms (last 2 min of the load)", n, n ? t * 1000 / n : 0, m * 1000}'); $SLOW rounds longer than the interval (logged)|$(load1)|the housekeeping's timer taxiride.h2.housekeeping (step sync) at /actuator/metrics; slow rounds from the application's log"
fi
echo "$FLEET_LINE"
tc() { kv "$1" "$OUT/token-cost.txt"; }
echo "bearer token check|CPU +$(tc cpu_requests_extra_us) µs per request in the request threads ($(tc cpu_requests_token_us) with a token, $(tc cpu_requests_bare_us) without), +$(tc cpu_extra_us) µs in the whole process ($(tc cpu_token_us) / $(tc cpu_bare_us)); latency +$(tc token_extra_p50_us) µs at the median, +$(tc token_extra_mean_us) µs mean (p50/p99 $(tc info_token_p50_us)/$(tc info_token_p99_us) with, $(tc info_bare_p50_us)/$(tc info_bare_p99_us) µs without); the decoder alone p50 $(tc decode_p50_us) / p99 $(tc decode_p99_us) µs|$TOKEN_LOAD|TokenCost before the load, the process idle with its fleet online ($(tc idle_cpu_pct) % of a core then): $(tc http_n) requests each to the open GET /actuator/info$([[ "$SERVICES" == 3 ]] && echo " of the query side"), in alternating blocks of 250 with and without a valid token, one at a time on one connection, after 3,000 of each to warm up; CPU from /proc/<pid>/stat and /proc/<pid>/task/*/stat (the request threads: http-nio-*, without the JIT compilers, the collector and the processors) less the idle rate, in 10 ms ticks; then Spring Security's NimbusJwtDecoder alone in a JVM of its own with the services' checks (RS256 signature on a $(tc decode_key_bits)-bit key, expiry, issuer, audience) on $([[ "$(tc decode_on)" == run-key ]] && echo "the run's key" || echo "a key made there like the development issuer's"), $(tc decode_n) decodes timed one by one after 20,000 to warm up"
[[ -n "$LOOKUP_ROW" ]] && echo "$LOOKUP_ROW"
if [[ "$MOVE_EVERY" != 0 && -f "$OUT/moves/lag.txt" ]]; then
  # The fixed-rate level with positions, and the same rate in the main run if it had one.
  moving=$(grep "^phase=moves-open-$MOVES_RATE/s " "$OUT/moves/lag.txt" || true)
  still=$(grep "^phase=open-$MOVES_RATE/s " "$OUT/lag.txt" || true)
  level_of() { awk -F'\t' -v p="$1" '$1 == p { printf "%s rides/s, POST /calls p99 %s ms", $6, $9 }' "$2" 2>/dev/null; }
  lag=$moving
  echo "positions|$(lagv moved_per_s) positions/s written onto the driver-view (the fleet: $FLEET drivers, one position each every $MOVE_EVERY); handling to commit p50/p99 $(lagv moved_lag_p50_ms)/$(lagv moved_lag_p99_ms) ms|$(tail -1 "$OUT/moves/samples.txt" | cut -d' ' -f3)|the MoveDriverCommands whose handling began during the level moves-open-$MOVES_RATE/s ($(lagv moved) in $(lagv seconds) s, up to the end of its last ride) and committed; the fleet sends them at a fixed rate, 64 unanswered at most, so the rate falls below the fleet's when the platform cannot keep up"
  echo "position events stored|$(kv events "$OUT/moves/event-size.txt") DriverMovedEvents in the event store after the level|$MOVES_SIZE_LOAD|positions are telemetry, not events (GET /benchmark/event-size counts them); only going online again while online moves a driver by an event"

  lag=$moving
  echo "rides beside positions|$(level_of "moves-open-$MOVES_RATE/s" "$OUT/moves/open.tsv"), paid→assigned p99 $(lagv paid_assigned_p99_ms) ms$([[ -n "$still" ]] && { lag=$still; echo "; without positions (open-$MOVES_RATE/s above): $(level_of "open-$MOVES_RATE/s" "$OUT/open.tsv"), paid→assigned p99 $(lagv paid_assigned_p99_ms) ms"; })||the second start: an empty store, $FLEET drivers, a ${MOVES_WARMUP_SECONDS}s warm-up at $MOVES_RATE rides/s, then ${MOVES_SECONDS}s at $MOVES_RATE rides/s (moves-open-$MOVES_RATE/s above)"
fi
[[ "$SERVICES" == 3 ]] || echo "RSS idle after start|$(( IDLE_RSS_KB / 1024 )) MB||VmRSS of java -jar right after health UP"
echo "RSS max under load|$(( MAX_RSS_KB / 1024 )) MB$([[ "$SERVICES" == 3 ]] && awk '{ for (i = 4; i <= 6; i++) if ($i > m[i]) m[i] = $i } END { printf " (command side %d, saga %d, query side %d MB)", m[4] / 1024, m[5] / 1024, m[6] / 1024 }' "$OUT/samples.txt")||VmRSS sampled every 0.5 s during all load levels$([[ "$SERVICES" == 3 ]] && echo ", the services' sum and each one's maximum")"
echo "GC pauses under load|$(gc_pauses) (count/max/total ms)||-Xlog:gc of the $([[ "$SERVICES" == 3 ]] && echo "three services" || echo "process") under load, start to stop ($(cd "$OUT" && echo gc-*.log))"
} | tee "$OUT/table-other.txt" | align >>"$OUT/table.txt"

cat "$OUT/table.txt"
echo
echo "Raw figures, logs and Gatling's HTML reports: $OUT and $ROOT/benchmark/target/gatling/"
