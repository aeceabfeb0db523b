# The oci-source-controller container image.
#
#   docker build -t oci-source-controller .                      # Native AOT (the default)
#   docker build --build-arg BUILD=jit -t oci-source-controller .  # the JIT build (self-contained, not trimmed)
#
# SDK and BASE name the upstream images, so a machine that can pull them (GitHub Actions) builds with no arguments.
# On a machine that cannot pull anything, eng/image.sh makes equivalent images locally and passes them in:
#   docker build --network host --build-arg SDK=<local sdk image> --build-arg BASE=<local runtime-deps image> .
#
# BUILD=aot (default): `dotnet publish` compiles the controller ahead of time (PublishAot in its project file) into one
# native executable, linked through clang; the build stage installs them from the SDK image's distribution when
# it lacks them (eng/image.sh's local SDK image has them already). Trim and AOT warnings are errors, as everywhere.
# The image holds only that executable (its .dbg symbols stay in the build stage).
# BUILD=jit: self-contained and NOT trimmed, as before issue 17; kept buildable until the AOT build is proven.
# Either way the runtime stage is runtime-deps (no .NET in the base), runs as the numeric non-root user 65532 and
# writes nothing outside /data (the store) and /tmp, so a read-only root file system works.
# The image has no HEALTHCHECK: Kubernetes probes /healthz and /readyz on the health port (9440).
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

FROM ${SDK} AS build
# BuildKit sets TARGETARCH (amd64, arm64); the classic builder does not, and then the build machine's architecture counts.
ARG TARGETARCH
# aot or jit (see above).
ARG BUILD=aot
WORKDIR /src

# Native AOT needs a C toolchain: clang drives the link (binutils' ld, ILCompiler's default on Linux; lld for
# -p:LinkerFlavor=lld); zlib1g-dev is on Microsoft's list of prerequisites (ILCompiler 10 links its own zlib).
RUN case "$BUILD" in \
      aot) echo "-p:PublishAot=true" > /src/publish-mode ;; \
      jit) echo "-p:PublishAot=false -p:SelfContained=true" > /src/publish-mode ;; \
      *) echo "BUILD must be aot or jit, not $BUILD" >&2; exit 1 ;; \
    esac \
 && if [ "$BUILD" = aot ] && ! { command -v clang && command -v ld.lld; } >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends clang lld zlib1g-dev && rm -rf /var/lib/apt/lists/*; \
    fi

# Restore from the project files alone (the controller's and every project it references), so this layer is reused
# until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/OciSource.Api/OciSource.Api.csproj src/OciSource.Api/
COPY src/OciSource.Distribution/OciSource.Distribution.csproj src/OciSource.Distribution/
COPY src/OciSource.Storage/OciSource.Storage.csproj src/OciSource.Storage/
COPY src/OciSource.Runtime/OciSource.Runtime.csproj src/OciSource.Runtime/
COPY src/OciSource.Verification/OciSource.Verification.csproj src/OciSource.Verification/
COPY src/OciSource.Distribution.Cloud/OciSource.Distribution.Cloud.csproj src/OciSource.Distribution.Cloud/
COPY src/OciSource.Controller/OciSource.Controller.csproj src/OciSource.Controller/
RUN arch=${TARGETARCH:-$(uname -m)} \
 && case "$arch" in \
      amd64|x86_64) rid=linux-x64 ;; \
      arm64|aarch64) rid=linux-arm64 ;; \
      *) echo "unsupported architecture $arch" >&2; exit 1 ;; \
    esac \
 && echo "$rid" > /src/rid \
 && dotnet restore src/OciSource.Controller/OciSource.Controller.csproj -r "$rid" $(cat /src/publish-mode)

COPY .editorconfig ./
COPY src/ src/
RUN dotnet publish src/OciSource.Controller/OciSource.Controller.csproj --no-restore -c Release \
      -r "$(cat /src/rid)" $(cat /src/publish-mode) -p:PublishDocumentationFiles=false -o /publish \
 && if [ "$BUILD" = aot ]; then mkdir /app && cp /publish/oci-source-controller /app/; else cp -a /publish /app; fi \
 && mkdir /data

FROM ${BASE}
# Numeric, so Kubernetes can check runAsNonRoot; 65532 ("nonroot" of distroless images) is also the user the Helm chart
# sets in its podSecurityContext. (Not named APP_UID: the base image's ENV APP_UID=1654 would win over the argument.)
ARG CONTROLLER_UID=65532
COPY --from=build /app /app
COPY --from=build --chown=${CONTROLLER_UID}:${CONTROLLER_UID} /data /data
USER ${CONTROLLER_UID}:${CONTROLLER_UID}
WORKDIR /app
# The artifact store (--storage-path default).
VOLUME /data
# Artifact server (--storage-addr), metrics (--metrics-addr), health probes (--health-addr).
EXPOSE 9090 8080 9440
ENTRYPOINT ["/app/oci-source-controller"]
