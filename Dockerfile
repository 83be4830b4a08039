# Builds the production artifact (remote engine only: no in-memory engine inside) and runs it on a
# JRE 21 (the Camunda client needs Java 21+).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY workers workers
# the reactor lists the demo module; only the production module is built here
COPY demo/pom.xml demo/pom.xml
COPY bpmn bpmn
COPY dmn dmn
COPY forms forms
RUN ./mvnw -B -ntp -q -DskipTests -pl workers package

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 pathway
COPY --from=build /src/workers/target/care-pathway-service-production.jar /app/care-pathway-service.jar
USER pathway
# the production jar has no embedded engine: it always connects to a Camunda 8 cluster
ENV PATHWAY_ENGINE=remote
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/care-pathway-service.jar"]
