using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.Tests.Data;

public sealed class FileDataDirectoryTests : IDisposable
{
    private readonly TestDataDirectory _data = new();

    [Fact]
    public void A_second_open_of_a_locked_directory_fails_naming_the_setting()
    {
        var error = Assert.Throws<DataDirectoryUnavailableException>(() => TestDataDirectory.Open(_data.Root));
        Assert.Contains("MyBot:DataDir", error.Message, StringComparison.Ordinal);
        Assert.Contains("in use by another MyBot server", error.Message, StringComparison.Ordinal);
        Assert.Contains(_data.Directory.Root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_that_cannot_be_created_fails_naming_the_setting()
    {
        var file = _data.Directory.PathFor("a-file");
        File.WriteAllText(file, "not a directory");

        var error = Assert.Throws<DataDirectoryUnavailableException>(() => TestDataDirectory.Open(Path.Combine(file, "data")));

        Assert.Contains("MyBot:DataDir", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be created or written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_is_released_with_the_directory()
    {
        var path = Path.Combine(_data.Root, "nested");
        TestDataDirectory.Open(path).Dispose();
        using var reopened = TestDataDirectory.Open(path);
        Assert.Equal(path, reopened.Root);
    }

    [Fact]
    public async Task A_write_is_read_back_at_once_and_lands_whole_in_its_file_at_the_checkpoint()
    {
        var path = _data.Directory.PathFor("nested", "file.json");
        await _data.Directory.WriteAsync(path, "first"u8.ToArray());
        await _data.Directory.WriteAsync(path, "second"u8.ToArray());

        Assert.Equal("second"u8.ToArray(), await _data.Directory.ReadAsync(path));
        Assert.Equal(2, _data.Directory.Metrics.Fsyncs);
        _data.Directory.Checkpoint();
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_data.Root, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_data.Directory.PathFor("journal"), "*.log"));
    }

    [Theory]
    [InlineData("telegram:123:456")]
    [InlineData("../../etc/passwd")]
    [InlineData(".hidden")]
    [InlineData("ümlaut/😀")]
    public void Escaped_names_are_one_safe_file_name(string key)
    {
        var name = FileDataDirectory.EscapeName(key);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.DoesNotContain(':', name);
        Assert.False(name.StartsWith('.'));
        Assert.NotEqual(FileDataDirectory.EscapeName(key + "x"), name);
    }

    [Fact]
    public void Long_names_are_cut_and_stay_distinct()
    {
        var a = FileDataDirectory.EscapeName(new string('a', 300) + "1");
        var b = FileDataDirectory.EscapeName(new string('a', 300) + "2");
        Assert.True(a.Length <= 150);
        Assert.NotEqual(a, b);
    }

    public void Dispose() => _data.Dispose();
}
