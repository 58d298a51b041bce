using YamlDotNet.RepresentationModel;

namespace MyBot.Deploy.Tests;

public sealed class AzureYamlTests
{
    private static readonly YamlMappingNode Service = LoadService();

    [Fact]
    public void Service_is_the_server_project_hosted_on_container_apps()
    {
        Assert.Equal("dotnet", Scalar(Service, "language"));
        Assert.Equal("containerapp", Scalar(Service, "host"));
        var projectDirectory = ProjectDirectory();
        Assert.Equal(Path.GetDirectoryName(RepositoryLayout.ServerProject), projectDirectory);
        Assert.True(File.Exists(RepositoryLayout.ServerProject));
    }

    [Fact]
    public void Docker_build_uses_the_repository_Dockerfile_with_the_repository_root_as_context()
    {
        var docker = (YamlMappingNode)Service.Children[new YamlScalarNode("docker")];
        var dockerfile = Path.GetFullPath(Path.Combine(ProjectDirectory(), Scalar(docker, "path")));
        var context = Path.GetFullPath(Path.Combine(ProjectDirectory(), Scalar(docker, "context")));

        Assert.True(File.Exists(dockerfile), $"{dockerfile} does not exist");
        Assert.Equal(RepositoryLayout.PathOf("Dockerfile"), dockerfile);
        Assert.Equal(RepositoryLayout.Root.TrimEnd(Path.DirectorySeparatorChar), context.TrimEnd(Path.DirectorySeparatorChar));
        Assert.True(File.Exists(Path.Combine(context, ".dockerignore")));
    }

    [Theory]
    [InlineData("preprovision", "ensure-secrets")]
    [InlineData("postdeploy", "roll-silos")]
    public void Hooks_exist_for_both_shells(string hookName, string script)
    {
        var root = LoadRoot();
        var hooks = (YamlMappingNode)((YamlMappingNode)root.Children[new YamlScalarNode("hooks")]).Children[new YamlScalarNode(hookName)];
        foreach (var (platform, extension) in new[] { ("posix", ".sh"), ("windows", ".ps1") })
        {
            var hook = (YamlMappingNode)hooks.Children[new YamlScalarNode(platform)];
            var run = Scalar(hook, "run");
            Assert.Equal($"./infra/hooks/{script}{extension}", run);
            Assert.True(File.Exists(RepositoryLayout.PathOf(run)), $"{platform} {hookName} hook script is missing");
        }
    }

    private static string ProjectDirectory() => Path.GetFullPath(RepositoryLayout.PathOf(Scalar(Service, "project")));

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static YamlMappingNode LoadRoot()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryLayout.ReadText("azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode LoadService()
    {
        var services = (YamlMappingNode)LoadRoot().Children[new YamlScalarNode("services")];
        return (YamlMappingNode)services.Children[new YamlScalarNode("mybot")];
    }
}
