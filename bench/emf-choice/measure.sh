#!/usr/bin/env bash
# How the EMF writer was chosen: the project's EmfWriter (jackson-core, already in function.jar) against
# software.amazon.cloudwatchlogs:aws-embedded-metrics 4.2.0, each writing the same six-metric document once.
#   jar size      function.jar re-zipped as is, and with the library and what it brings merged in (same zip tool)
#   cold process  one JVM per emit, the two variants alternating, Lambda's default C1-only flags; medians of N
#   first emit    in-process time of the first document (logger set-up included)
#   classes       -Xlog:class+load lines of one run each (total, and those from the jar)
# Needs: ./mvnw -pl function -am package -DskipTests (function/target/function.jar), network once for the library.
# Usage: bash bench/emf-choice/measure.sh [N]   (N defaults to 15)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
N="${1:-15}"

"$root/mvnw" -B -q -f "$here/deps-pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/deps"
mkdir -p "$work/own" "$work/lib" "$work/out"
(cd "$work/own" && unzip -q "$root/function/target/function.jar" && zip -q -r -X ../own.jar .)
(cd "$work/lib" && unzip -q "$root/function/target/function.jar"
 for jar in "$work"/deps/*.jar; do unzip -q -n "$jar" -x 'META-INF/MANIFEST.MF' 2>/dev/null || true; done
 zip -q -r -X ../lib.jar .)
javac -d "$work/out" -cp "$work/lib.jar" "$here/ProbeOwn.java" "$here/ProbeLib.java"

export AWS_LAMBDA_FUNCTION_NAME=probe
flags="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
for i in $(seq "$N"); do
  for v in Own Lib; do
    jar="$work/own.jar"; [ "$v" = Lib ] && jar="$work/lib.jar"
    start=$(date +%s%N)
    java $flags -cp "$jar:$work/out" "Probe$v" > /dev/null 2> "$work/err"
    end=$(date +%s%N)
    echo "$v $(( (end - start) / 1000000 )) $(awk '{print $2}' "$work/err")" >> "$work/times"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for v in Own Lib; do
  jar="$work/own.jar"; [ "$v" = Lib ] && jar="$work/lib.jar"
  java $flags -Xlog:class+load=info -cp "$jar:$work/out" "Probe$v" 2>/dev/null > "$work/classes-$v"
  echo "$v: jar $(stat -c %s "$jar") bytes, median process $(grep "^$v " "$work/times" | awk '{print $2}' | median) ms," \
       "median first emit $(grep "^$v " "$work/times" | awk '{print $3}' | median) ms," \
       "loaded classes $(grep -c 'class,load' "$work/classes-$v") ($(grep -c 'source: file:' "$work/classes-$v") from the jar)"
done
