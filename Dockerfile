# Builds the service jar and runs it on a JRE 21 (the Zeebe client needs Java 21+).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY workers workers
COPY bpmn bpmn
COPY dmn dmn
COPY forms forms
RUN ./mvnw -B -ntp -q -DskipTests package

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 pathway
COPY --from=build /src/workers/target/care-pathway-service.jar /app/care-pathway-service.jar
USER pathway
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/care-pathway-service.jar"]
