using Orleans.Storage;

namespace MyBot.Orleans.FileStorage.GrainStorage;

/// <summary>Per provider name. The serializer must write JSON: the state is embedded as is in the file's JSON envelope.</summary>
public sealed class FileGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Defaults to Orleans' System.Text.Json serializer, so state files are readable.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
