#!/usr/bin/env bash
# Start-to-ready (median of RUNS) and RSS after start and after CREATES creates, side by side:
#   bare      a bare Quarkus REST application (quarkus-rest-jackson, one resource) generated and built
#             here with the same Quarkus version; its "creates" are POSTs of the same JSON to an echo route
#   before    ours as it was before the start work (commit BEFORE_REF), `java -jar`, no option
#   after     ours as it is, with the options README's run command uses (AFTER_OPTS)
#   aot-25    ours on Temurin 25 (JDK25, if present) with a JDK AOT cache made by one training run
#   container ours in the container of src/main/docker/Dockerfile.jvm (podman, see .ci/container-test.sh)
# Creates go to a fake Anthropic on this machine's loopback (.ci/fake-providers.py); nothing leaves it.
# Usage: bench/start-bench.sh [RUNS=5] [CREATES=100]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
CREATES=${2:-100}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
BEFORE_REF=${BEFORE_REF:-b3e1b5e}
AFTER_OPTS=${AFTER_OPTS:--XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa -Xmx256m -XX:+UseSerialGC}
work=$(mktemp -d /tmp/eternego-start-bench.XXXX)
trap 'rm -rf "$work"' EXIT

echo "building ours (./mvnw package -DskipTests)"
./mvnw -B -q -ntp package -DskipTests

echo "building ours as before ($BEFORE_REF) in $work/before"
mkdir -p "$work/before"
git archive "$BEFORE_REF" | tar -x -C "$work/before"
(cd "$work/before" && ./mvnw -B -q -ntp package -DskipTests)

echo "building the bare Quarkus REST application in $work/bare"
version=$(./mvnw -B -q -ntp help:evaluate -Dexpression=quarkus.platform.version -DforceStdout)
mkdir -p "$work/bare/src/main/java/bare"
cat >"$work/bare/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
    <modelVersion>4.0.0</modelVersion>
    <groupId>bench</groupId>
    <artifactId>bare</artifactId>
    <version>1</version>
    <properties>
        <maven.compiler.release>17</maven.compiler.release>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    </properties>
    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>io.quarkus</groupId>
                <artifactId>quarkus-bom</artifactId>
                <version>$version</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
    <dependencies>
        <dependency>
            <groupId>io.quarkus</groupId>
            <artifactId>quarkus-rest-jackson</artifactId>
        </dependency>
    </dependencies>
    <build>
        <plugins>
            <plugin>
                <groupId>io.quarkus</groupId>
                <artifactId>quarkus-maven-plugin</artifactId>
                <version>$version</version>
                <extensions>true</extensions>
                <executions>
                    <execution>
                        <goals>
                            <goal>build</goal>
                        </goals>
                    </execution>
                </executions>
            </plugin>
        </plugins>
    </build>
</project>
POM
cat >"$work/bare/src/main/java/bare/Hello.java" <<'JAVA'
package bare;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }

    @POST
    public Map<String, Object> echo(Map<String, Object> body) {
        return body;
    }
}
JAVA
./mvnw -B -q -ntp -f "$work/bare/pom.xml" package -DskipTests

image=
if command -v podman >/dev/null; then
    echo "building the container image (.ci/standin-image.sh, then Dockerfile.jvm unchanged)"
    .ci/standin-image.sh
    image=localhost/eternego-jvm:bench
    podman --runtime runc build -q --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
        -f src/main/docker/Dockerfile.jvm -t "$image" . >/dev/null
fi

java17=$(command -v java)
echo "JVM: $("$java17" -version 2>&1 | head -n1); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/start_bench.py --runs "$RUNS" --creates "$CREATES" --work "$work" \
    --bare "$work/bare/target/quarkus-app/quarkus-run.jar" --ours target/quarkus-app/quarkus-run.jar \
    --before "$work/before/target/quarkus-app/quarkus-run.jar" \
    --java "$java17" --jdk25 "$JDK25" --image "$image" --after-opts "$AFTER_OPTS"
