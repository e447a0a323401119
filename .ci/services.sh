#!/usr/bin/env bash
# Starts (or stops) the real servers the integration tests use, on loopback ports, and prints the
# environment the tests read. Used by .ci/run and by developers:
#   eval "$(bash .ci/services.sh start)"   # then: npm test
#   bash .ci/services.sh stop
# Three Redis topologies: a standalone server, a 3-master + 3-replica Cluster, and a primary with
# one replica behind a sentinel. Nothing is persisted; `start` is idempotent.
set -euo pipefail
RUN_DIR="${GATEHOUSE_SERVICES_DIR:-/tmp/gatehouse-test-services}"
REDIS_PORT="${GATEHOUSE_TEST_REDIS_PORT:-6390}"
CLUSTER_PORTS=(6391 6392 6393 6394 6395 6396)
SENTINEL_PRIMARY_PORT=6397
SENTINEL_REPLICA_PORT=6398
SENTINEL_PORT=26390
SENTINEL_NAME=gatehouse

ping() { redis-cli -p "$1" ping >/dev/null 2>&1; }

wait_for() { # port
  for _ in $(seq 100); do ping "$1" && return 0; sleep 0.1; done
  echo "redis on port $1 did not start; see $RUN_DIR/redis-$1.log" >&2
  exit 1
}

# A redis-server daemon on 127.0.0.1:<port> keeping nothing on disk; extra arguments follow.
redis_on() { # port args...
  local port=$1
  shift
  ping "$port" && return 0
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$RUN_DIR/redis-$port.pid" --logfile "$RUN_DIR/redis-$port.log" --dir "$RUN_DIR" "$@" >&2
  wait_for "$port"
}

start_standalone() {
  redis_on "$REDIS_PORT"
}

start_cluster() {
  local seed=${CLUSTER_PORTS[0]}
  if ping "$seed" && redis-cli -p "$seed" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
    return 0
  fi
  local nodes=()
  for port in "${CLUSTER_PORTS[@]}"; do
    rm -f "$RUN_DIR/nodes-$port.conf"
    redis_on "$port" --cluster-enabled yes --cluster-config-file "nodes-$port.conf" \
      --cluster-node-timeout 2000 --cluster-announce-ip 127.0.0.1
    nodes+=("127.0.0.1:$port")
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$RUN_DIR/cluster-create.log" 2>&1 || {
    cat "$RUN_DIR/cluster-create.log" >&2
    exit 1
  }
  for port in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 100); do
      redis-cli -p "$port" cluster info | grep -q 'cluster_state:ok' && break
      sleep 0.1
    done
    redis-cli -p "$port" cluster info | grep -q 'cluster_state:ok' || {
      echo "cluster node $port is not ok" >&2
      exit 1
    }
  done
  # Every replica attached, so the suites start from the steady topology.
  for _ in $(seq 100); do
    [ "$(redis-cli -p "$seed" cluster nodes | grep -c 'slave')" -ge 3 ] && break
    sleep 0.1
  done
}

start_sentinel() {
  redis_on "$SENTINEL_PRIMARY_PORT"
  redis_on "$SENTINEL_REPLICA_PORT" --replicaof 127.0.0.1 "$SENTINEL_PRIMARY_PORT"
  if ! ping "$SENTINEL_PORT"; then
    # Sentinel rewrites its config file, so it gets a fresh one each start.
    cat >"$RUN_DIR/sentinel.conf" <<CONF
bind 127.0.0.1
port $SENTINEL_PORT
daemonize yes
pidfile $RUN_DIR/sentinel.pid
logfile $RUN_DIR/sentinel.log
dir $RUN_DIR
sentinel monitor $SENTINEL_NAME 127.0.0.1 $SENTINEL_PRIMARY_PORT 1
sentinel down-after-milliseconds $SENTINEL_NAME 2000
sentinel failover-timeout $SENTINEL_NAME 10000
CONF
    redis-server "$RUN_DIR/sentinel.conf" --sentinel >&2
    wait_for "$SENTINEL_PORT"
  fi
  for _ in $(seq 100); do
    redis-cli -p "$SENTINEL_PORT" sentinel get-master-addr-by-name "$SENTINEL_NAME" 2>/dev/null | grep -q . && break
    sleep 0.1
  done
}

start() {
  mkdir -p "$RUN_DIR"
  command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install -y redis-server redis-tools" >&2; exit 1; }
  start_standalone
  start_cluster
  start_sentinel
  local seeds=()
  for port in "${CLUSTER_PORTS[@]:0:3}"; do seeds+=("redis://127.0.0.1:$port"); done
  echo "export GATEHOUSE_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "export GATEHOUSE_TEST_REDIS_CLUSTER=$(IFS=,; echo "${seeds[*]}")"
  echo "export GATEHOUSE_TEST_REDIS_SENTINEL=127.0.0.1:$SENTINEL_PORT"
  echo "export GATEHOUSE_TEST_REDIS_SENTINEL_NAME=$SENTINEL_NAME"
  echo "export GATEHOUSE_TEST_NGINX=$(command -v nginx || echo /usr/sbin/nginx)"
  # The browser tests' Chromium (apt-get install -y chromium), when there is one.
  if command -v chromium >/dev/null; then echo "export GATEHOUSE_TEST_CHROMIUM=$(command -v chromium)"; fi
}

stop() {
  shopt -s nullglob
  for pidfile in "$RUN_DIR"/*.pid; do
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
