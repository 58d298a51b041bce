# syntax=docker/dockerfile:1
# MyBot server image: built with the .NET SDK, run on the ASP.NET Core runtime as the non-root `app` user.
# Build from the repository root: docker build -t mybot .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone first, so this layer stays cached until a project or a package version changes.
COPY nuget.config Directory.Build.props Directory.Packages.props ./
COPY src/MyBot.Api.Contracts/MyBot.Api.Contracts.csproj src/MyBot.Api.Contracts/
COPY src/MyBot.Grains.Interfaces/MyBot.Grains.Interfaces.csproj src/MyBot.Grains.Interfaces/
COPY src/MyBot.Grains/MyBot.Grains.csproj src/MyBot.Grains/
COPY src/MyBot.Orleans.FileStorage/MyBot.Orleans.FileStorage.csproj src/MyBot.Orleans.FileStorage/
COPY src/MyBot.Orleans.AzureStorage/MyBot.Orleans.AzureStorage.csproj src/MyBot.Orleans.AzureStorage/
COPY src/MyBot.Channels/MyBot.Channels.csproj src/MyBot.Channels/
COPY src/MyBot.Channels.Http/MyBot.Channels.Http.csproj src/MyBot.Channels.Http/
COPY src/MyBot.Channels.Telegram/MyBot.Channels.Telegram.csproj src/MyBot.Channels.Telegram/
COPY src/MyBot.Channels.Discord/MyBot.Channels.Discord.csproj src/MyBot.Channels.Discord/
COPY src/MyBot.Channels.Web/MyBot.Channels.Web.csproj src/MyBot.Channels.Web/
COPY src/MyBot.Agent/MyBot.Agent.csproj src/MyBot.Agent/
COPY src/MyBot.Server/MyBot.Server.csproj src/MyBot.Server/
COPY src/MyBot.Telemetry/MyBot.Telemetry.csproj src/MyBot.Telemetry/
RUN dotnet restore src/MyBot.Server/MyBot.Server.csproj

COPY src/ src/
RUN dotnet publish src/MyBot.Server/MyBot.Server.csproj -c Release -o /app/publish --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
# The server binds loopback by default; in a container it must listen on every interface for the ingress to reach it.
# HTTP_PORTS is blanked so the base image's own port setting does not compete with URLS.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
# /app belongs to root, so the non-root user could not create the default relative data directory (.data) there and the
# localhost silo would not start. /data is the app user's, and the place to mount a volume for the localhost silo's state.
# A cloud-mode silo writes nothing to disk (its workspace, transcripts and state are in Azure Storage).
RUN mkdir /data && chown app:app /data
ENV MyBot__DataDir=/data
COPY --from=build /app/publish .
USER app
ENTRYPOINT ["dotnet", "MyBot.Server.dll"]
