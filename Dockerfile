# The oci-source-controller container image.
#
#   docker build -t oci-source-controller .
#
# SDK and BASE name the upstream images, so a machine that can pull them (GitHub Actions) builds with no arguments.
# On a machine that cannot pull anything, eng/image.sh makes equivalent images locally and passes them in:
#   docker build --network host --build-arg SDK=<local sdk image> --build-arg BASE=<local runtime-deps image> .
#
# Publish: self-contained and NOT trimmed, onto runtime-deps (no .NET in the base; the runtime comes from the SDK stage's
# runtime packs). PublishTrimmed was tried: KubernetesClient, Serilog and YamlDotNet produce trim warnings (IL2104),
# and warnings are errors here; KubernetesClient's models are (de)serialized through reflection, so trimming is not
# safe either. Native AOT is ruled out for the same reason.
# The image has no HEALTHCHECK: Kubernetes probes /healthz and /readyz on the health port (9440).
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

FROM ${SDK} AS build
# BuildKit sets TARGETARCH (amd64, arm64); the classic builder does not, and then the build machine's architecture counts.
ARG TARGETARCH
WORKDIR /src

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
 && dotnet restore src/OciSource.Controller/OciSource.Controller.csproj -r "$rid" -p:SelfContained=true

COPY .editorconfig ./
COPY src/ src/
RUN dotnet publish src/OciSource.Controller/OciSource.Controller.csproj --no-restore -c Release \
      -r "$(cat /src/rid)" --self-contained -p:PublishDocumentationFiles=false -o /app \
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
