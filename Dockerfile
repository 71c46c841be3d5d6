# The schemagate action image: a static Go binary on distroless/static.
#
# Both base images are pinned by digest (the tag is kept for readers and for
# Dependabot/Renovate). internal/e2e/packaging_test.go holds this file to the
# build flags the tests use, the digests, and the ENTRYPOINT path.

# Image names are fully qualified (registry included) so Podman and Buildah,
# which have no default registry, build this file as Docker does.

# Build stage, on the build machine's own platform: Go cross-compiles for the
# target (TARGETOS/TARGETARCH, set by buildx for each --platform), so a
# multi-arch release needs no emulation. GOTOOLCHAIN=local: build with exactly
# this image's Go, never download another toolchain (bump the tag when
# go.mod's go line moves).
FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.26.8-bookworm@sha256:a688600ca24f8a4d3ca77f95b0dd40704a9fc787c826660eb7ba0b641b8b175d AS build
ENV GOTOOLCHAIN=local
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION is stamped into `schemagate --version`; release.yml passes the tag.
ARG VERSION=dev
# No defaults here: a default would override the value buildx sets per
# platform. Left empty (a plain docker build), Go builds for the build machine.
ARG TARGETOS
ARG TARGETARCH
RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -trimpath -ldflags "-s -w -X github.com/schemagate/schemagate/internal/app.Version=${VERSION}" -o /out/schemagate .

# The CI image for GitLab CI and Jenkins (`docker build --target ci`; the
# release pushes it as :vX.Y.Z-ci): the same binary on distroless's debug
# variant, whose busybox gives those systems the shell their docker executors
# run job scripts with. GitHub's action uses the final stage below.
FROM gcr.io/distroless/static-debian12:debug@sha256:ea6a51495f94a482dc431cd247bbace8f9a096ed6397005995245520ce5afcfe AS ci
COPY --from=build /out/schemagate /usr/local/bin/schemagate
ENTRYPOINT ["/usr/local/bin/schemagate"]

# Final stage: CA certificates (GitHub API, TLS databases), /etc/passwd and
# /tmp; no libc, no shell. Change detection is pure Go (go-git), so no git.
# No USER: Docker actions run as root so they can write GITHUB_WORKSPACE,
# GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, which the runner owns.
FROM gcr.io/distroless/static-debian12:latest@sha256:d75cdd72874d4790092fcb1b058493ecf6bb5bf2b2b897045b00ff01d91843f2
COPY --from=build /out/schemagate /schemagate
ENTRYPOINT ["/schemagate"]
