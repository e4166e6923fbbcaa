# syntax=docker/dockerfile:1

# Build stage: a static binary, built by the same script the tests run.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN scripts/build-static.sh /out/crudsvc && mkdir -p /out/data

# Final stage: no shell, no libc, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/crudsvc /app/crudsvc
COPY config/ /app/config/
# Writable state (SQLite state and the demo database). Mount a volume here;
# in Kubernetes an emptyDir, because the root file system is read-only.
COPY --from=build --chown=65532:65532 /out/data /app/data
ENV SERVICE_CONFIG_DIR=/app/config \
    STATE_DATABASE_URL=sqlite:/app/data/state.db \
    DEMO_DB_PATH=/app/data/demo.db \
    LISTEN_ADDR=:8000
USER 65532:65532
EXPOSE 8000
ENTRYPOINT ["/app/crudsvc"]
CMD ["serve"]
