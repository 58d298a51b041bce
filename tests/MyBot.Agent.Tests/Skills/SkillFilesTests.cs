using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Skills;
using MyBot.Agent.Workspace;
using MyBot.TestKit;

namespace MyBot.Agent.Tests.Skills;

public sealed class SkillFilesTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FolderWorkspace _workspace;
    private readonly string _folder;
    private readonly SkillDefinition _skill;

    public SkillFilesTests()
    {
        _folder = Path.Combine(_directory.Path, "skills", "trips");
        Directory.CreateDirectory(Path.Combine(_folder, "docs"));
        File.WriteAllText(Path.Combine(_folder, "SKILL.md"), "---\nname: trips\ndescription: d\n---\nbody");
        File.WriteAllText(Path.Combine(_folder, "docs", "stations.md"), "Berlin Hbf");
        File.WriteAllText(Path.Combine(_directory.Path, "secret.txt"), "the owner's secret");
        _workspace = new FolderWorkspace(Options.Create(new AgentOptions { Workspace = _directory.Path }));
        _skill = new SkillDefinition("trips", "d", "body", "skills/trips", Path.Combine(_folder, "SKILL.md"));
    }

    private IFileProvider Files => _workspace.Files;

    [Fact]
    public void Reads_a_file_of_the_skill_and_lists_its_files()
    {
        Assert.Equal("Berlin Hbf", SkillFiles.Read(Files, _skill, "docs/stations.md", 1024));
        Assert.Equal(["docs/stations.md"], SkillFiles.List(Files, _skill));
    }

    [Theory]
    [InlineData("../../secret.txt")]
    [InlineData("docs/../../../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void A_path_out_of_the_skill_folder_is_refused(string path)
    {
        var error = Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(Files, _skill, path, 1024));

        Assert.Contains("is not a path inside the skill 'trips'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_is_not_followed_whether_file_or_folder()
    {
        File.CreateSymbolicLink(Path.Combine(_folder, "leak.txt"), Path.Combine(_directory.Path, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "up"), _directory.Path);

        Assert.Contains("symbolic link", Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(Files, _skill, "leak.txt", 1024)).Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(Files, _skill, "up/secret.txt", 1024)).Message, StringComparison.Ordinal);
        Assert.Equal(["docs/stations.md"], SkillFiles.List(Files, _skill));
    }

    [Fact]
    public void A_file_over_the_size_limit_or_not_text_is_refused()
    {
        File.WriteAllText(Path.Combine(_folder, "big.md"), new string('x', 2000));
        File.WriteAllBytes(Path.Combine(_folder, "image.png"), [0x89, 0x50, 0x00, 0x01]);

        Assert.Contains("has 2000 bytes; files of at most 1024 bytes", Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(Files, _skill, "big.md", 1024)).Message, StringComparison.Ordinal);
        Assert.Contains("is not a text file", Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(Files, _skill, "image.png", 1024)).Message, StringComparison.Ordinal);
        Assert.Contains("has no file 'missing.md'", Assert.Throws<SkillFileRefusedException>(() => SkillFiles.Read(Files, _skill, "missing.md", 1024)).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _directory.Dispose();
    }
}
