using MyBot.Grains;
using MyBot.Orleans.FileStorage.DeadLetters;
using MyBot.TestKit.Contracts.DeadLetters;

namespace MyBot.Orleans.FileStorage.Tests.DeadLetters;

public sealed class FileDeadLetterStoreTests : DeadLetterStoreContract, IDisposable
{
    private readonly TestDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    protected override IDeadLetterStore NewStore() => new FileDeadLetterStore(_data.Directory);
}
