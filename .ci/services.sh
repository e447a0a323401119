#!/usr/bin/env bash
# Starts (or stops) the real servers the integration tests use, on loopback ports, and prints the
# environment the tests read. Used by .ci/run and by developers:
#   eval "$(bash .ci/services.sh start)"   # then: npm test
#   bash .ci/services.sh stop
set -euo pipefail
RUN_DIR="${GATEHOUSE_SERVICES_DIR:-/tmp/gatehouse-test-services}"
REDIS_PORT="${GATEHOUSE_TEST_REDIS_PORT:-6390}"

start() {
  mkdir -p "$RUN_DIR"
  command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install -y redis-server" >&2; exit 1; }
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
      --daemonize yes --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --dir "$RUN_DIR" >&2
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  redis-cli -p "$REDIS_PORT" ping >/dev/null
  echo "export GATEHOUSE_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "export GATEHOUSE_TEST_NGINX=$(command -v nginx || echo /usr/sbin/nginx)"
}

stop() {
  if [ -f "$RUN_DIR/redis.pid" ]; then
    kill "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$RUN_DIR/redis.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
