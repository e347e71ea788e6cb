#!/usr/bin/env bash
# Publishes N offers (default 10000) on a fresh anvil and times `Marketplace.search` over them.
# Usage: ledger-client/bench/offer-search.sh [N]   (builds the module's test classes first)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/lib/env.sh"
dcloud_find_jdk
dcloud_ensure_maven
cd "$root"
mvn -B -q -o -pl ledger-client -DskipTests -Dspotless.check.skip test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="ledger-client/target/test-classes:ledger-client/target/classes:$(cat ledger-client/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Ddcloud.root.dir="$root" -cp "$cp" io.dcloud.ledger.market.OfferSearchBenchmark "$@"
