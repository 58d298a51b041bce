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

    [Fact]
    public void Preprovision_hooks_exist_for_both_shells()
    {
        var root = LoadRoot();
        var preprovision = (YamlMappingNode)((YamlMappingNode)root.Children[new YamlScalarNode("hooks")]).Children[new YamlScalarNode("preprovision")];
        foreach (var platform in new[] { "posix", "windows" })
        {
            var hook = (YamlMappingNode)preprovision.Children[new YamlScalarNode(platform)];
            Assert.True(File.Exists(RepositoryLayout.PathOf(Scalar(hook, "run"))), $"{platform} hook script is missing");
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
