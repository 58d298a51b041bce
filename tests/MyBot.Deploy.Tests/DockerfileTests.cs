using System.Text.RegularExpressions;
using MyBot.Deploy.Tests.Bicep;

namespace MyBot.Deploy.Tests;

public sealed partial class DockerfileTests
{
    private static readonly DockerfileInstructions Dockerfile = DockerfileInstructions.Load(RepositoryLayout.PathOf("Dockerfile"));

    [Fact]
    public void Restore_layer_copies_exactly_the_projects_the_server_builds_from()
    {
        var copied = Dockerfile.Arguments("COPY")
            .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(path => path.EndsWith(".csproj", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var closure = ProjectGraph.Closure(RepositoryLayout.ServerProject).Select(RepositoryLayout.Relative).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(closure.Order(), copied.Order());
        Assert.All(copied, path => Assert.True(File.Exists(RepositoryLayout.PathOf(path)), $"{path} does not exist"));
    }

    [Fact]
    public void Build_files_the_restore_needs_are_copied()
    {
        var copiedFiles = Dockerfile.Arguments("COPY").First().Split(' ');
        foreach (var file in new[] { "nuget.config", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(file, copiedFiles);
            Assert.True(File.Exists(RepositoryLayout.PathOf(file)));
        }
    }

    [Fact]
    public void Restores_and_publishes_the_server_project_and_runs_its_assembly()
    {
        var server = RepositoryLayout.Relative(RepositoryLayout.ServerProject);
        var runs = Dockerfile.Arguments("RUN").ToList();
        Assert.Contains(runs, run => run.StartsWith($"dotnet restore {server}", StringComparison.Ordinal));
        Assert.Contains(runs, run => run.StartsWith($"dotnet publish {server}", StringComparison.Ordinal));

        var entrypoint = Dockerfile.FinalStage().Arguments("ENTRYPOINT").Single();
        Assert.Equal($"[\"dotnet\", \"{ProjectGraph.AssemblyName(RepositoryLayout.ServerProject)}.dll\"]", entrypoint);
    }

    [Fact]
    public void Runs_on_the_aspnet_runtime_as_the_non_root_app_user()
    {
        var final = Dockerfile.FinalStage();
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", final.Arguments("FROM").Single(), StringComparison.Ordinal);
        Assert.Equal("app", final.Arguments("USER").Last());
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", Dockerfile.Arguments("FROM").First(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_directory_belongs_to_the_app_user_outside_the_root_owned_app_folder()
    {
        var final = Dockerfile.FinalStage();
        var dataDir = final.Environment()["MyBot__DataDir"];

        Assert.StartsWith("/", dataDir, StringComparison.Ordinal);
        Assert.False(dataDir.StartsWith(final.Arguments("WORKDIR").Single(), StringComparison.Ordinal), $"{dataDir} is inside the root-owned WORKDIR");
        Assert.Contains($"mkdir {dataDir} && chown app:app {dataDir}", final.Arguments("RUN"));
    }

    [Fact]
    public void Exposed_port_is_where_the_server_listens_and_where_the_ingress_and_probes_point()
    {
        var final = Dockerfile.FinalStage();
        var exposed = int.Parse(final.Arguments("EXPOSE").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var listening = PortOf(final.Environment()["ASPNETCORE_URLS"]);

        var app = BicepFile.Load(Path.Combine(RepositoryLayout.Infra, "modules", "container-app.bicep"));
        var targetPort = int.Parse(app.Variables["targetPort"], System.Globalization.CultureInfo.InvariantCulture);
        var bicepUrls = app.ListVariable("environmentVariables").Single(entry => entry.Name == "ASPNETCORE_URLS").Object["value"]!;

        Assert.Equal(8080, exposed);
        Assert.Equal(exposed, listening);
        Assert.Equal(exposed, targetPort);
        Assert.Equal("'http://+:${targetPort}'", bicepUrls);
        Assert.Empty(final.Environment()["ASPNETCORE_HTTP_PORTS"]);
    }

    private static int PortOf(string urls) =>
        int.Parse(UrlPortPattern().Match(urls).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^http://\+:(?<port>\d+)$")]
    private static partial Regex UrlPortPattern();
}
