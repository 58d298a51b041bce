using Microsoft.Extensions.DependencyInjection;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Contracts.Orleans;
using Orleans;

namespace MyBot.Orleans.AzureStorage.Tests.Reminders;

/// <summary>Orleans' Azure Table reminder table, as <c>UseAzureStorage</c> wires it, under the contract our file table keeps.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTableReminderTableTests(AzuriteServer azurite) : ReminderTableContract, IAsyncLifetime
{
    private readonly AzureTestAccount _account = new(azurite);

    protected override async Task<IReminderTable> CreateTableAsync()
    {
        var table = _account.CreateSiloServices().GetRequiredService<IReminderTable>();
        await table.StartAsync(CancellationToken.None);
        return table;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _account.DisposeAsync().AsTask();
}
