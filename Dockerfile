# The API and the extractor (HanLP needs a JRE; Maven fetches its jar from Maven Central).
# The base names its Debian release: python:3.11-slim alone follows Debian's newest, and Debian 13
# dropped openjdk-17. tests/unit/test_dockerfile.py checks every package below against this
# release's package list.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless maven \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# kg/data links to schemas/, pipelines/, java/ and data/sample/: copied first, the wheel gets the files.
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY pipelines ./pipelines
COPY java ./java
COPY data/sample ./data/sample
COPY kg ./kg
COPY api ./api
RUN pip install --no-cache-dir . \
    && mvn -q -B -Dstyle.color=never -f java/hanlp/pom.xml dependency:copy-dependencies \
       -DoutputDirectory=/app/.cache/java-lib
ENV KG_JAVA_LIB_DIR=/app/.cache/java-lib
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
