# The API and the extractor (HanLP needs a JRE; Maven fetches its jar from Maven Central).
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless maven \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY api ./api
COPY java ./java
COPY schemas ./schemas
COPY data ./data
RUN pip install --no-cache-dir . \
    && mvn -q -B -f java/hanlp/pom.xml dependency:copy-dependencies -DoutputDirectory=/app/.cache/java-lib
ENV KG_JAVA_LIB_DIR=/app/.cache/java-lib
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
