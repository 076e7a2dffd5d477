#!/usr/bin/env python3
"""Checks the artifacts a release would publish, as `mvn deploy` wrote them to a staging folder.

Every artifact must have a POM with a name and description, inherit (or declare) url, licenses, developers and scm,
and every jar must come with its -sources and -javadoc jars. No artifactId may be a bare word such as `routes` or
`examples`. Exits non-zero with one line per problem.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
BARE = {"routes", "examples", "bridges", "kamelets", "starter", "brokers"}
INHERITED = ["url", "licenses", "developers", "scm"]


def text(pom, path):
    node = pom.find(path, NS)
    return node.text.strip() if node is not None and node.text else ""


def main(staging):
    poms = {}
    for pom_file in Path(staging).rglob("*.pom"):
        pom = ET.parse(pom_file).getroot()
        poms[text(pom, "m:artifactId")] = (pom_file, pom)
    problems = []
    if not poms:
        problems.append(f"no POMs under {staging}")
    for artifact_id, (pom_file, pom) in sorted(poms.items()):
        if artifact_id in BARE:
            problems.append(f"{artifact_id}: bare artifactId, say what it is (camel-agents-...)")
        for field in ("m:name", "m:description"):
            if not text(pom, field):
                problems.append(f"{artifact_id}: no <{field[2:]}>")
        for field in INHERITED:
            owner, ok = pom, False
            while owner is not None:
                if owner.find("m:" + field, NS) is not None:
                    ok = True
                    break
                parent_id = text(owner, "m:parent/m:artifactId")
                owner = poms[parent_id][1] if parent_id in poms else None
            if not ok:
                problems.append(f"{artifact_id}: no <{field}> in its POM or its parents")
        packaging = text(pom, "m:packaging") or "jar"
        if packaging in ("jar", "maven-plugin"):
            folder = pom_file.parent
            for classifier in ("", "-sources", "-javadoc"):
                if not list(folder.glob(f"{artifact_id}-*{classifier}.jar")):
                    problems.append(f"{artifact_id}: no {classifier or 'main'} jar in {folder}")
    for line in problems:
        print("not publishable: " + line)
    print(f"check-publishable: {len(poms)} artifacts, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
