# Shared by runtime/measure-scenario.sh, runtime/measure-first-publish.sh, runtime/measure-throughput.sh and the
# bench/ scripts (sourced, not run): the ports of a demo gateway in a fresh home, and stopping it.

# A free loopback TCP port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A random console password for a benchmark's gateway (never a default one).
bench_password() { echo "bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"; }

# Whether something listens on a loopback port.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets mqtt_port, kafka_port, controller_port, mes_port, modbus_port and http_port to free ports for one demo run.
pick_demo_ports() {
  mqtt_port="$(free_port)"; kafka_port="$(free_port)"; controller_port="$(free_port)"; mes_port="$(free_port)"
  modbus_port="$(free_port)"; http_port="$(free_port)"
}

# Stops the gateway (pid $1) with SIGTERM; the demo brokers stop with it (--stop-with), so wait for their ports
# ($2: MQTT, $3: Kafka) before the next run.
stop_demo_gateway() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" || true
  for _ in $(seq 1 300); do
    port_open "$2" || port_open "$3" || break
    sleep 0.1
  done
}
