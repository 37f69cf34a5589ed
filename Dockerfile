# HouseholdApp's image: published self-contained in the SDK image, run on runtime-deps (no .NET, no shell tools
# needed) as the non-root user 'app' on port 8080. Base images are arguments; scripts/app-image.sh builds local
# equivalents where no registry answers. Works with BuildKit and the classic builder (docker-compose 1.29).
#   docker build -t householdapp .
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM ${SDK_IMAGE} AS build
# Set by BuildKit (amd64, arm64); empty under the classic builder, which then builds for the machine it runs on.
ARG TARGETARCH
WORKDIR /src

# Restore first, from the project files only, so a source change reuses the restored layer.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY HouseholdApp/HouseholdApp.csproj HouseholdApp/
RUN dotnet restore HouseholdApp/HouseholdApp.csproj -p:SelfContained=true \
        $(if [ -n "$TARGETARCH" ]; then echo "-a $TARGETARCH"; else echo "--use-current-runtime"; fi)

COPY HouseholdApp/ HouseholdApp/
RUN dotnet publish HouseholdApp/HouseholdApp.csproj --no-restore -c Release -p:SelfContained=true -o /app \
        $(if [ -n "$TARGETARCH" ]; then echo "-a $TARGETARCH"; else echo "--use-current-runtime"; fi) \
    && rm -f /app/*.pdb /app/appsettings.Development.json

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
# The official base images define APP_UID (1654, user 'app'); no file of the app is writable by it.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The app asks its own /health/ready (no shell or curl in the image): healthy once the database answers,
# unhealthy while it shuts down. Timings leave room for slow hosts (a small board, a busy machine), where this
# second start of the binary can take seconds.
HEALTHCHECK --interval=15s --timeout=30s --start-period=120s --retries=3 CMD ["/app/HouseholdApp", "--health-check"]
ENTRYPOINT ["/app/HouseholdApp"]
