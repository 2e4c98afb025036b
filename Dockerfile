# The container image: the static release binary, nothing else.
# Two targets from one build context (made by scripts/docker-context.sh):
#   default  FROM scratch: no shell, no package manager, no libc (Kubernetes,
#            docker run); ghcr.io/npm-token-scan/npm-token-scan:VERSION
#   shell    the same plus BusyBox's sh, for CI systems that run a script in
#            the image (GitLab CI, Jenkins); …:VERSION-shell
# Built by .github/workflows/release.yml from the binaries it has just built
# and verified:
#   scripts/docker-context.sh build/release build/docker
#   docker buildx build --platform linux/amd64,linux/arm64 -f Dockerfile build/docker
# Run it on a repository as your own user (git trusts /src whoever owns it):
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/src:ro" ghcr.io/npm-token-scan/npm-token-scan:0.2.0
ARG VERSION=0.2.0

FROM scratch AS minimal
ARG TARGETARCH
ARG VERSION
LABEL org.opencontainers.image.title="npm-token-scan" \
      org.opencontainers.image.description="Finds npm tokens and the CI jobs that still publish with them" \
      org.opencontainers.image.source="https://github.com/npm-token-scan/npm-token-scan" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
# CA certificates for `org` clones over HTTPS, and /src trusted by git.
COPY etc/ /etc/
COPY --chmod=0755 bin/${TARGETARCH}/npm-token-scan /usr/local/bin/npm-token-scan
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/npm-token-scan"]
CMD ["scan", "."]

# --target shell: the same files on BusyBox.
FROM busybox:1.37.0-musl AS shell
ARG VERSION
LABEL org.opencontainers.image.source="https://github.com/npm-token-scan/npm-token-scan" \
      org.opencontainers.image.licenses="Apache-2.0" org.opencontainers.image.version="${VERSION}"
COPY --from=minimal /etc/ /etc/
COPY --from=minimal /usr/local/bin/npm-token-scan /usr/local/bin/npm-token-scan
USER 65532:65532
WORKDIR /src
CMD ["npm-token-scan", "scan", "."]

# The default target.
FROM minimal
