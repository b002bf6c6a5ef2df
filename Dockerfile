# syntax=docker/dockerfile:1
# SMS Status Tracker: build with the .NET SDK, run on the ASP.NET Core runtime image as a non-root user.
#   docker build -t smsstatustracker .
#   docker run -p 8080:8080 -v smsstatus-data:/data --env-file .env smsstatustracker
# Every setting is an environment variable (Section__Key); see docs/deploy.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused until a package changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY SmsStatusTracker.Core/SmsStatusTracker.Core.csproj SmsStatusTracker.Core/
COPY SmsStatusTracker.Web/SmsStatusTracker.Web.csproj SmsStatusTracker.Web/
RUN dotnet restore SmsStatusTracker.Web/SmsStatusTracker.Web.csproj
COPY appsettings.json appsettings.Development.json ./
COPY SmsStatusTracker.Core/ SmsStatusTracker.Core/
COPY SmsStatusTracker.Web/ SmsStatusTracker.Web/
RUN dotnet publish SmsStatusTracker.Web/SmsStatusTracker.Web.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The image's "app" user (APP_UID) owns only the data folder; the binaries stay read-only to it.
RUN mkdir -p /data && chown "$APP_UID" /data
COPY --from=build /app ./
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__Sqlite="Data Source=/data/smsstatus.db" \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME /data
EXPOSE 8080
USER $APP_UID
# The runtime image has no curl: bash's /dev/tcp asks /health/live (the process answers; readiness is /health/ready).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "SmsStatusTracker.Web.dll"]
