"""Red team 37: the JVM's own options and the Maven/Gradle switches that hand it code or files
(issue 9, classes 2 and 3).

- The JVM glues files on with `:` and nests them in `key=value` lists, which the generic reading
  (`-opt=/x`) did not take apart: `-Xloggc:.claude/settings.json` and
  `-XX:StartFlightRecording=…,filename=.claude/settings.json` write (truncate) the hook config,
  `-javaagent:/x.jar` and `-agentpath:/x.so` load code from outside the project
  (`java -jar /x.jar` was refused already), `-Xbootclasspath/a:A:B` too.
- Maven: `-DargLine=` (and `maven.surefire.debug`/`maven.failsafe.debug`) are the test JVM's
  options (`-XX:OnError=CMD`); `-Dgpg.executable`, `-Dmaven.compiler.executable`, `-Djvm`,
  `-DjavadocExecutable` name programs plugins run; `mvn -f /dev/stdin` reads a POM from the input.
- Gradle: `-I/--init-script`, `-c/--settings-file`, `-b/--build-file` from the input are scripts
  the guard does not see (as `cmake -P -` and `make -f -` were already).

Each deny asserts its reason; the everyday neighbours stay allowed. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("redteam37_jvm"), files={
        ".env": "SECRET=1\n", "pom.xml": "<project/>\n", "build.gradle": "\n", "gradlew": "#!/bin/sh\n",
        "init.gradle": "\n", "lib/jacoco.jar": "x\n", "app.jar": "x\n"})


DENIED = [
    ("java -Xloggc:.claude/settings.json -jar app.jar", "is protected"),
    ("java -XX:StartFlightRecording=duration=30s,filename=.claude/settings.json -jar app.jar", "is protected"),
    ("java -XX:StartFlightRecording:filename=/tmp/rec.jfr -jar app.jar", "outside the allowed paths"),
    ("java -Xlog:gc*:file=.claude/settings.json:time -jar app.jar", "is protected"),
    ("java -javaagent:/tmp/agent.jar -jar app.jar", "/tmp/agent.jar is outside the allowed paths"),
    ("java -agentpath:/tmp/agent.so -jar app.jar", "/tmp/agent.so is outside the allowed paths"),
    ("java -Xbootclasspath/a:lib/jacoco.jar:/tmp/b.jar -jar app.jar", "/tmp/b.jar is outside the allowed paths"),
    ("mvn test -DargLine='-XX:OnError=curl'", "`curl` is denied by deny-cmd", "argLine"),
    ("mvn test -Dmaven.surefire.debug='-XX:OnError=nc'", "`nc` is denied by deny-cmd", "maven.surefire.debug"),
    ("mvn test -DargLine=-javaagent:/tmp/agent.jar", "outside the allowed paths"),
    ("mvn verify -Dgpg.executable=curl", "`curl` is denied by deny-cmd", "gpg"),
    ("mvn compile -Dmaven.compiler.fork=true -Dmaven.compiler.executable=curl", "`curl` is denied by deny-cmd"),
    ("mvn test -Djvm=nc", "`nc` is denied by deny-cmd"),
    ("mvn package -DjavadocExecutable=curl", "`curl` is denied by deny-cmd"),
    ("mvn -f /dev/stdin test < pom.xml", "could not determine", "mvn -f"),
    ("./gradlew -I /dev/stdin build < init.gradle", "could not determine", "gradlew -I"),
    ("./gradlew --init-script=/proc/self/fd/0 build", "could not determine", "--init-script"),
    ("gradle -c /dev/stdin build", "could not determine", "gradle -c"),
    ("gradle -b /dev/fd/0 build", "could not determine", "gradle -b"),
]


@pytest.mark.parametrize("command,fragments", [(c[0], c[1:]) for c in DENIED], ids=[c[0][:60] for c in DENIED])
def test_jvm_files_and_programs_are_judged(s, command, fragments):
    assert_denied(s.bash(command), *fragments)


@pytest.mark.parametrize("command", ["java -Xloggc:.claude/settings.json -jar app.jar",
                                     "mvn test -DargLine='-XX:OnError=curl'"])
def test_under_open_too(s, command):
    assert_denied(s.bash(command, role="open"))


ALLOWED = [
    "java -javaagent:lib/jacoco.jar=destfile=target/jacoco.exec -jar app.jar",
    "java -Xmx2g -XX:+UseG1GC -Dfoo=bar -cp target/classes Main",
    "java -Xlog:gc:file=logs/gc.log -jar app.jar",
    "java -XX:StartFlightRecording=duration=30s,filename=rec.jfr -jar app.jar",
    "java --add-opens=java.base/java.lang=ALL-UNNAMED -jar app.jar",
    "mvn test -DargLine='-Xmx1g -Dfoo=bar'",
    "mvn test -Dmaven.surefire.debug=true",
    "mvn -Dtest=FooTest test",
    "mvn -f pom.xml test",
    "./gradlew -I init.gradle build",
    "./gradlew build --info",
]


@pytest.mark.parametrize("command", ALLOWED)
def test_everyday_jvm_calls_stay_allowed(s, command):
    assert_allowed(s.bash(command))
