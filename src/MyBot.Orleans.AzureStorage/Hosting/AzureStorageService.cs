namespace MyBot.Orleans.AzureStorage.Hosting;

public enum AzureStorageService
{
    Blob,
    Queue,
    Table,
}
