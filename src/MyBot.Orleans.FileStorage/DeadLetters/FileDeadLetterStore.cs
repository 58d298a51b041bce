using System.Text.Json;
using MyBot.Grains;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.DeadLetters;

/// <summary>One JSON file per dead letter under <c>deadletters/</c> (through the data directory's journal), so the owner can read them with any editor too.</summary>
public sealed class FileDeadLetterStore(FileDataDirectory directory) : IDeadLetterStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string Folder => directory.PathFor("deadletters");

    public Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        var path = PathOf(letter.Id);
        return directory.Exists(path) ? Task.CompletedTask : directory.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(letter, Json));
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        foreach (var file in directory.ListFiles(Folder).Where(path => path.EndsWith(".json", StringComparison.Ordinal)))
        {
            if (await ReadAsync(file) is { } letter)
            {
                letters.Add(letter);
            }
        }

        return [.. letters.OrderBy(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal)];
    }

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => ReadAsync(PathOf(id));

    public Task DeleteAsync(string id, CancellationToken cancellationToken) => directory.DeleteAsync(PathOf(id));

    private string PathOf(string id) => Path.Combine(Folder, FileDataDirectory.EscapeName(id) + ".json");

    private async Task<DeadLetter?> ReadAsync(string path) =>
        await directory.ReadAsync(path) is { } content ? JsonSerializer.Deserialize<DeadLetter>(content, Json) : null;
}
