using System.Text.Json;
using MyBot.Grains;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.DeadLetters;

/// <summary>One JSON file per dead letter under <c>deadletters/</c>, so the owner can read them with any editor too.</summary>
public sealed class FileDeadLetterStore(FileDataDirectory directory) : IDeadLetterStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string Folder => directory.PathFor("deadletters");

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(letter.Id);
        if (!File.Exists(path))
        {
            directory.WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(letter, Json));
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var letters = new List<DeadLetter>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            if (await ReadAsync(file, cancellationToken) is { } letter)
            {
                letters.Add(letter);
            }
        }

        return [.. letters.OrderBy(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal)];
    }

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => ReadAsync(PathOf(id), cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        FileDataDirectory.DeleteIfPresent(PathOf(id));
        return Task.CompletedTask;
    }

    private string PathOf(string id) => Path.Combine(Folder, FileDataDirectory.EscapeName(id) + ".json");

    private static async Task<DeadLetter?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<DeadLetter>(stream, Json, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
