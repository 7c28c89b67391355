#!/usr/bin/env bash
# veraPDF from Maven Central (tools/verapdf/pom.xml): resolves its jars into the local Maven repository and writes
# their class path to .venv/verapdf.classpath, which the tests read. Quick when done before; says why when not
# possible (no Java or Maven, or no registry), and the veraPDF tests then skip saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.venv/verapdf.classpath
pom=tools/verapdf/pom.xml
if [ -s "$out" ] && [ "$out" -nt "$pom" ]; then exit 0; fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "veraPDF 未安装：本机没有 $tool（Java 17 与 Maven）；PDF/A 校验测试将跳过" >&2
    exit 0
  fi
done
mkdir -p .venv
if mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$PWD/$out.new" >.venv/verapdf.log 2>&1; then
  mv "$out.new" "$out"
else
  rm -f "$out.new"
  echo "veraPDF 未安装：Maven 未能从 Maven Central 取得 org.verapdf.apps:greenfield-apps（见 .venv/verapdf.log）；PDF/A 校验测试将跳过" >&2
fi
